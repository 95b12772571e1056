import { formatDateTime } from "./format";

const ACRONYMS = new Map(["id", "ip", "ips", "url", "urls", "api", "eol", "cidr", "cidrs", "vpc", "dns", "cpu", "gpu", "ssh", "tls", "ca", "k8s", "lb", "os", "uid", "arn", "iam", "az", "ipv4", "ipv6", "cni"].map((a) => [a, a === "ips" ? "IPs" : a === "urls" ? "URLs" : a === "cidrs" ? "CIDRs" : a === "k8s" ? "K8s" : a.toUpperCase()]));

/** "openstackProjectId" / "router_ip" / "control-plane" → "Openstack project ID" / "Router IP" / "Control plane" */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  return words.map((w, i) => ACRONYMS.get(w) ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(" ") || key;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** one provider value as a person reads it: dates, yes/no, lists and nested fields instead of JSON */
export function ProviderValue({ value, depth = 0 }: { value: unknown; depth?: number }): React.ReactNode {
  if (value === null || value === undefined || value === "") return <span className="text-slate-400">—</span>;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return value.toLocaleString();
  if (typeof value === "string") {
    if (ISO_DATE.test(value) && Number.isFinite(Date.parse(value))) return <time dateTime={value}>{value.length === 10 ? value : formatDateTime(value)}</time>;
    return <span className="break-all">{value}</span>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-400">none</span>;
    if (value.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v))) return <span className="break-all">{value.map((v) => (v === null ? "—" : String(v))).join(", ")}</span>;
    return (
      <ul className="space-y-1">
        {value.map((v, i) => (
          <li key={i} className="rounded border border-slate-100 p-1.5 dark:border-slate-800">
            <ProviderValue value={v} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return <span className="text-slate-400">—</span>;
    if (depth > 3) return <span className="break-all font-mono text-[11px]">{JSON.stringify(value)}</span>;
    return (
      <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{humanizeKey(k)}</dt>
            <dd className="min-w-0">
              <ProviderValue value={v} depth={depth + 1} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return String(value);
}
