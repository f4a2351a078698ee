namespace Easegress.Ctl;
