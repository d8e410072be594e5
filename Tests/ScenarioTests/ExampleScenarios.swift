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

    /// The Knative-on-Istio data path with every new section and field set to a
    /// non-default value: node pools with images and autoscaler bounds, the
    /// cluster autoscaler, ingress, queue-proxy, mesh, activator, revision
    /// resources, image, CPU model, start-up phases, policies, every synthetic
    /// arrival process, and events (written out of time order).
    static let dataPath = """
        name: data-path
        seed: 7
        duration: 2h
        warmup: 10m
        cluster:
          node-pools:
            - name: general
              count: 3
              cpu: 8
              memory: 32Gi
              max-pods: 64
              images: [ghcr.io/acme/checkout:1.4]
              min-count: 2
              max-count: 10
            - {name: spot, count: 1, cpu: 4, memory: 16Gi}
          scheduler: most-allocated
          image-pull-bandwidth: 50Mi
          cluster-autoscaler:
            enabled: true
            provisioning-delay: {distribution: lognormal, median: 45s, p99: 2m}
            scale-down-unneeded-time: 5m
            scan-interval: 5s
            scale-down-utilization-threshold: 0.6
            scale-down-delay-after-add: 3m
          ingress:
            hop-latency: 2ms
          queue-proxy:
            hop-latency: {distribution: exponential, mean: 500us}
            resources: {memory: 50Mi}
        mesh:
          enabled: true
          hop-latency: {distribution: lognormal, median: 1ms, p99: 3ms}
          cpu-per-request: 0.2ms
          memory: 60Mi
          resources: {cpu: 200m}
          startup: {distribution: uniform, min: 300ms, max: 900ms}
          hold-application-until-proxy-starts: true
        activator:
          queue-depth: 200
          capacity: 150
          hop-latency: 1ms
          replicas: 3
        autoscaler:
          pod-autoscaler-class: kpa.autoscaling.knative.dev
          scale-to-zero-grace-period: 30s
        services:
          - name: checkout
            revisions:
              - name: checkout-v1
                traffic: 100
                container-concurrency: 10
                timeout: 60s
                annotations:
                  autoscaling.knative.dev/min-scale: "1"
                service-time: {distribution: lognormal, median: 80ms, p99: 400ms}
                image: {name: ghcr.io/acme/checkout:1.4, size: 180Mi}
                resources:
                  requests: {cpu: 250m, memory: 256Mi}
                  limits: {cpu: "1", memory: 512Mi}
                cpu-model: processor-sharing
                startup:
                  scheduling: 20ms
                  sandbox-creation: {distribution: lognormal, median: 300ms, p99: 1s}
                  proxy-start: 400ms
                  application-init: 2s
                  endpoint-propagation: {distribution: uniform, min: 100ms, max: 2s}
                termination-grace-period: 45s
                crash-on-start: 0.01
              - name: checkout-v2
                traffic: 0
                service-time: 100ms
                image: {name: ghcr.io/acme/checkout:1.5}
                resources: {limits: {cpu: 500m}}
          - name: thumbs
            revisions:
              - service-time: {distribution: gamma, shape: 2, mean: 300ms}
                annotations:
                  autoscaling.knative.dev/class: hpa.autoscaling.knative.dev
                  autoscaling.knative.dev/metric: cpu
                  autoscaling.knative.dev/target: "80"
          - name: batch
            revisions:
              - name: batch-keep
                traffic: 50
                service-time: 1s
                policy: {kind: keep-alive, keep-alive: 20m}
              - name: batch-hist
                traffic: 50
                service-time: 1s
                policy: {kind: hybrid-histogram, range: 2h, bin: 2m, prewarm-percentile: 10, keep-alive-percentile: 95}
        workload:
          - service: checkout
            arrivals:
              process: schedule
              segments:
                - {at: 0s, rate: 10}
                - {at: 10m, to: 100, over: 5m}
                - {at: 1h, rate: 20}
          - service: thumbs
            arrivals: {process: diurnal, mean: 5, amplitude: 0.8, period: 1h, phase: 15m}
            start: 5m
            end: 1h30m
          - service: batch
            arrivals: {process: mmpp, states: [{rate: 20, mean-sojourn: 30s}, {rate: 0, mean-sojourn: 5m}]}
            service-time: 2s
          - service: batch
            arrivals: {process: closed-loop, clients: 5, think-time: {distribution: exponential, mean: 10s}}
        events:
          - at: 1h30m
            kill-node: {pool: general, index: 4}
          - at: 30m
            traffic: {service: checkout, split: {checkout-v1: 90, checkout-v2: 10}}
          - at: 45m
            traffic: {service: checkout, split: {checkout-v2: 100}}
          - at: 45m
            kill-pod: {revision: checkout-v1, count: 2}
        """
}
