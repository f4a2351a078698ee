namespace Easegress.Actors;
