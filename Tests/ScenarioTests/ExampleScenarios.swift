/// Example scenario files, kept as strings so the tests do not depend on scenarios/.
enum ExampleScenarios {
    /// The smallest useful scenario: every default taken.
    static let minimal = """
        name: hello
        duration: 10m
        services:
          - name: hello
            revisions:
              - service-time: 50ms
        workload:
          - service: hello
            arrivals: {process: poisson, rate: 20}
        """

    /// A canary rollout: two revisions with a traffic split, Knative annotations,
    /// a tuned config-autoscaler and expectations.
    static let canary = """
        # A canary: 90/10 split between a stable and a new revision.
        name: canary-rollout
        description: New revision gets 10% of traffic.
        seed: 42
        generator: taus2
        duration: 1h
        warmup: 5m
        cluster:
          node-pools:
            - {name: general, count: 5, cpu: 8, memory: 32Gi}
            - name: small
              count: 2
              cpu: 3500m
              memory: 7.5Gi
        mesh:
          enabled: false
        activator:
          queue-depth: 500
          capacity: 200
        autoscaler:
          stable-window: 60s
          container-concurrency-target-percentage: 70
          enable-scale-to-zero: "true"
        services:
          - name: checkout
            revisions:
              - name: checkout-v1
                traffic: 90
                container-concurrency: 10
                timeout: 30s
                annotations:
                  autoscaling.knative.dev/min-scale: "1"
                  autoscaling.knative.dev/target: 8
                  prometheus.io/scrape: "true"
                service-time:
                  distribution: lognormal
                  median: 80ms
                  p99: 400ms
              - name: checkout-v2
                traffic: 10
                service-time: {distribution: exponential, mean: 120ms}
                pool: {kind: fixed, pods: 2}
        workload:
          - service: checkout
            arrivals:
              process: poisson
              rate: 150
        expect:
          - latency.p99 < 2s
          - errors.rate == 0
        """

    /// Several services, every distribution family written inline, and YAML
    /// anchors with a merge key for shared revision settings.
    static let distributions = """
        name: zoo
        duration: 90s
        services:
          - name: a
            revisions:
              - &base
                name: a-1
                traffic: 50
                timeout: 10s
                service-time: {distribution: constant, value: 1.5s}
              - <<: *base
                name: a-2
                service-time: {distribution: uniform, min: 10ms, max: 20ms}
          - name: b
            revisions:
              - service-time: {distribution: normal, mean: 100ms, stddev: 20ms}
          - name: c
            revisions:
              - service-time: {distribution: gamma, shape: 2, mean: 1s}
          - name: d
            revisions:
              - service-time: {distribution: weibull, shape: 1.5, scale: 200ms}
          - name: e
            revisions:
              - service-time: {distribution: pareto, shape: 2.5, scale: 10ms}
          - name: f
            revisions:
              - service-time: {distribution: empirical, values: [10ms, 30ms, 20ms]}
        workload:
          - service: a
            arrivals: {process: deterministic, interval: 250ms}
          - service: f
            arrivals: {process: poisson, rate: 0.5}
        """
}
