using System.Diagnostics;
using Easegress.Statistics;

namespace Easegress.Node.Admin;

/// <summary>The node process's own metrics, with the names Prometheus client libraries use.</summary>
public static class ProcessMetrics
{
    public static MetricFamilies Collect()
    {
        var metrics = new MetricFamilies();
        var none = new Labels();
        using var process = Process.GetCurrentProcess();
        metrics.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", none, process.TotalProcessorTime.TotalSeconds);
        metrics.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.", none, process.WorkingSet64);
        metrics.Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", none, process.VirtualMemorySize64);
        metrics.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", none,
            new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        metrics.Gauge("process_num_threads", "Number of OS threads in the process.", none, process.Threads.Count);
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            metrics.Counter("dotnet_gc_collection_count_total", "Garbage collections since the process started, by generation.",
                new Labels(("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture))), GC.CollectionCount(generation));
        metrics.Gauge("dotnet_gc_heap_size_bytes", "Bytes the garbage collector thinks are allocated.", none, GC.GetTotalMemory(false));
        metrics.Counter("dotnet_gc_allocated_bytes_total", "Bytes allocated since the process started.", none, GC.GetTotalAllocatedBytes());
        metrics.Counter("dotnet_gc_pause_seconds_total", "Time paused in garbage collections.", none, GC.GetTotalPauseDuration().TotalSeconds);
        metrics.Gauge("dotnet_threadpool_threads", "Threads of the thread pool.", none, ThreadPool.ThreadCount);
        metrics.Gauge("dotnet_threadpool_queue_length", "Work items waiting for the thread pool.", none, ThreadPool.PendingWorkItemCount);
        return metrics;
    }
}
