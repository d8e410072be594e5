/// Real mode: a scenario run on actual local processes. The pods are child processes
/// (knsim-fn or the scenario's own command), the ingress, activator and queue-proxies are
/// real HTTP hops on 127.0.0.1, and all of them call the same control types
/// (Serving's breaker, throttler and metric windows, Autoscaling's policies) that the
/// simulation drives with simulated time.
public enum RealMode {}
