namespace Easegress.Node;
