-- Appended to every wrk script by tests/bench/run: after the run, print one
-- machine-readable line (latencies in milliseconds). summary.errors.status
-- counts responses with a status of 400 or above.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50=%.3f p90=%.3f p99=%.3f max=%.3f bytes=%d " ..
    "connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout))
end
