// A deliberate namespace cycle, visible only in method bodies, for NamespaceCycleTests to find.
namespace Easegress.Node.Tests.Architecture.Cycle.Left
{
    internal static class LeftSide
    {
        public static int Count() => Right.RightSide.Number();
    }
}

namespace Easegress.Node.Tests.Architecture.Cycle.Right
{
    internal static class RightSide
    {
        public static int Number() => 1;

        public static object Back() => typeof(Left.LeftSide);
    }
}
