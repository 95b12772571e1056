"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-client";

/** The team's private networks for Kubernetes API connections: one CIDR or host name per line (owners edit). */
export function PrivateNetworksSection({ networks, canEdit }: { networks: string[]; canEdit: boolean }) {
  const router = useRouter();
  const [text, setText] = useState(networks.join("\n"));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!canEdit)
    return (
      <p className="text-sm" data-testid="private-networks">
        {networks.length ? <span className="font-mono text-xs">{networks.join(", ")}</span> : "None listed: Kubernetes API connections reach public addresses only."} Owners change this list.
      </p>
    );
  return (
    <form
      className="space-y-2 text-sm"
      data-testid="private-networks"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setSaved(false);
        try {
          const r = await apiRequest<{ networks: string[] }>("/api/v1/team/kubernetes-networks", { method: "PUT", body: { networks: text.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean) } });
          setText(r.networks.join("\n"));
          setSaved(true);
          router.refresh();
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="label" htmlFor="private-networks">
        Networks and host names (one per line)
      </label>
      <textarea id="private-networks" className="input min-h-24 font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} placeholder={"10.20.0.0/16\nk8s.corp.example\n*.clusters.corp.example"} spellCheck={false} />
      <p className="text-xs text-slate-500">
        Private ranges only (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 or parts of them). Loopback is only for the demo; link-local and cloud metadata addresses are always refused. Checked after DNS resolution and on every redirect; every change is audited.
      </p>
      {error && <p className="field-error">{error}</p>}
      {saved && (
        <p className="text-green-700 dark:text-green-400" role="status">
          Saved.
        </p>
      )}
      <button className="btn-primary" type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save networks"}
      </button>
    </form>
  );
}
