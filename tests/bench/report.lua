-- Appended to every wrk script by tests/bench/run: after the run, print one
-- machine-readable line (latencies in milliseconds). summary.errors.status
-- counts responses with a status of 400 or above; a script that judges
-- answers itself (signin.lua) keeps its threads in bench_threads and its
-- count of wrong answers in each thread's bench_bad, added to status.
done = function(summary, latency, requests)
  local e = summary.errors
  local bad = 0
  for _, t in ipairs(bench_threads or {}) do
    bad = bad + (t:get("bench_bad") or 0)
  end
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50=%.3f p90=%.3f p99=%.3f max=%.3f bytes=%d " ..
    "connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.bytes,
    e.connect, e.read, e.write, e.status + bad, e.timeout))
end
