// The end-to-end tests start real processes (clusters of them); on a 2-core machine they run one class at a
// time so that CPU starvation never passes for a failed node.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// They drive Linux processes, sockets, iptables and PostgreSQL from Debian's packages.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
