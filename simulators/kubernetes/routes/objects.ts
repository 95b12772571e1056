/** core/v1 Node, Pod and Event objects as the API server renders them. */
import type { SimCluster } from "../state";

export const ts = (s: string) => s;

export function nodeJson(c: SimCluster, n: SimCluster["nodes"][number]) {
  const labels: Record<string, string> = { "kubernetes.io/hostname": n.name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux" };
  for (const r of n.roles) labels[`node-role.kubernetes.io/${r}`] = "";
  if (n.pool) labels["node.kubernetes.io/pool"] = n.pool;
  const hb = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    metadata: { name: n.name, uid: `${n.name}-uid`, resourceVersion: String(c.rv), creationTimestamp: ts(n.createdAt), labels, annotations: { "node.alpha.kubernetes.io/ttl": "0" } },
    spec: { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"], ...(n.ready ? {} : { taints: [{ key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: hb }] }) },
    status: {
      capacity: { cpu: "8", memory: "32807948Ki", pods: "110", "ephemeral-storage": "101430960Ki" },
      allocatable: { cpu: "7910m", memory: "31608332Ki", pods: "110", "ephemeral-storage": "93478772582" },
      conditions: [
        { type: "MemoryPressure", status: n.ready ? "False" : "Unknown", lastHeartbeatTime: hb, lastTransitionTime: n.createdAt, reason: n.ready ? "KubeletHasSufficientMemory" : "NodeStatusUnknown", message: n.ready ? "kubelet has sufficient memory available" : "Kubelet stopped posting node status." },
        { type: "Ready", status: n.ready ? "True" : "Unknown", lastHeartbeatTime: hb, lastTransitionTime: n.createdAt, reason: n.ready ? "KubeletReady" : "NodeStatusUnknown", message: n.ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status." },
      ],
      addresses: [{ type: "InternalIP", address: "10.0.0.10" }, { type: "Hostname", address: n.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: "ec2d3f0e5b1a4c6e8f2a9b7c1d3e5f70",
        systemUUID: "ec2d3f0e-5b1a-4c6e-8f2a-9b7c1d3e5f70",
        bootID: "4b9f2c1e-7a3d-4e8b-9c0f-1a2b3c4d5e6f",
        kernelVersion: "6.8.0-1019-aws",
        osImage: "Ubuntu 24.04.1 LTS",
        containerRuntimeVersion: "containerd://1.7.24",
        kubeletVersion: n.kubelet,
        kubeProxyVersion: n.kubelet,
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}

export function podJson(c: SimCluster, p: SimCluster["pods"][number]) {
  const containerStatus = {
    name: "app",
    image: "registry.example/app:1.4.2",
    imageID: "registry.example/app@sha256:2f0c7a3b",
    containerID: `containerd://${p.name}`,
    ready: p.phase === "Running" && !p.crashLoop,
    started: p.phase === "Running" && !p.crashLoop,
    restartCount: p.restarts,
    state: p.crashLoop
      ? { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=app" } }
      : p.phase === "Pending"
        ? { waiting: { reason: "ContainerCreating" } }
        : { running: { startedAt: p.createdAt } },
    ...(p.restarts ? { lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: p.createdAt, finishedAt: p.createdAt } } } : {}),
  };
  return {
    metadata: { name: p.name, namespace: p.namespace, uid: `${p.name}-uid`, resourceVersion: String(c.rv), creationTimestamp: p.createdAt, labels: { app: "app" } },
    spec: { nodeName: p.phase === "Pending" ? undefined : p.node, containers: [{ name: "app", image: "registry.example/app:1.4.2", resources: {} }], restartPolicy: "Always", serviceAccountName: "default" },
    status: { phase: p.phase, podIP: "10.244.1.17", startTime: p.createdAt, qosClass: "BestEffort", containerStatuses: [containerStatus] },
  };
}

export function eventJson(c: SimCluster, e: SimCluster["events"][number]) {
  return {
    metadata: { name: e.name, namespace: e.namespace, uid: `${e.name}-uid`, resourceVersion: String(c.rv), creationTimestamp: e.first },
    involvedObject: { kind: e.kind, namespace: e.kind === "Node" ? undefined : e.namespace, name: e.object, uid: `${e.object}-uid`, apiVersion: "v1" },
    reason: e.reason,
    message: e.message,
    source: { component: e.kind === "Node" ? "node-controller" : "kubelet" },
    firstTimestamp: e.first,
    lastTimestamp: e.last,
    count: e.count,
    type: e.type,
    eventTime: null,
    reportingComponent: e.kind === "Node" ? "node-controller" : "kubelet",
    reportingInstance: "",
  };
}
