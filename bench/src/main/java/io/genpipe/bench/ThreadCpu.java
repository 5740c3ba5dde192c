package io.genpipe.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads during the measured run, grouped by name with the numbers taken out
 * ({@code http-nio-127.0.0.1-auto-3-exec-7} and {@code ...-exec-2} are one group), so it shows which part of the
 * pipeline (broker, a service's consumers, HTTP, simulator) the cores went to.
 */
public final class ThreadCpu {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> atStart = new HashMap<>();

    public ThreadCpu() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        for (long id : threads.getAllThreadIds()) {
            atStart.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
    }

    /** @return milliseconds of CPU per thread group since construction, largest first, the top {@code limit} */
    public Map<String, Long> top(int limit) {
        Map<String, Long> byGroup = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended in the meantime; threads that ended during the run are not counted
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            long used = cpu - atStart.getOrDefault(info.getThreadId(), 0L);
            if (cpu > 0 && used > 0) {
                byGroup.merge(group(info.getThreadName()), used / 1_000_000, Long::sum);
            }
        }
        Map<String, Long> top = new LinkedHashMap<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(entry -> top.put(entry.getKey(), entry.getValue()));
        return top;
    }

    static String group(String threadName) {
        return threadName.replaceAll("\\d+(\\.\\d+)*", "N");
    }
}
