"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { CLUSTER_STATUSES } from "@/lib/providers/types";
import type { ConnectionSummary } from "@/lib/inventory/api-types";
import { fetchScopes, inventoryKeys } from "./api";
import { statusLabel } from "./badges";
import type { ProviderMap } from "./providers";
import { activeFilterCount, EOL_STATES, GROUP_KEYS, type ClusterQuery } from "./query";
import { isPlainKubeVersion } from "@/lib/kube-version";

/** a text input that reports its value after the user paused typing (and at once on Enter) */
function DebouncedInput({ value, onCommit, delay = 350, ...rest }: { value: string; onCommit: (v: string) => void; delay?: number } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  // the URL changed underneath (clear filters, back button): show what it says
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => commit.current(text), delay);
    return () => clearTimeout(t);
  }, [text, value, delay]);
  return (
    <input
      {...rest}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit.current(text);
      }}
    />
  );
}

const MULTI = "__multi";

/** `onInterest`: the pointer is on the select or it has the focus (about to be opened: its options are wanted) */
function SingleSelect({ id, label, values, options, onChange, allLabel, onInterest }: { id: string; label: string; values: string[]; options: { value: string; label: string }[]; onChange: (v: string[]) => void; allLabel: string; onInterest?: () => void }) {
  const value = values.length === 0 ? "" : values.length === 1 ? values[0] : MULTI;
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="label !mb-0.5 text-xs">
        {label}
      </label>
      {/* a native select is as wide as its widest option: bounded, and provider names cut (full text on hover) */}
      <select id={id} className="input !py-1 max-w-[18rem]" value={value} onChange={(e) => onChange(e.target.value && e.target.value !== MULTI ? [e.target.value] : [])} onPointerEnter={onInterest} onPointerDown={onInterest} onFocus={onInterest}>
        <option value="">{allLabel}</option>
        {value === MULTI && (
          <option value={MULTI} disabled>
            {values.length} selected
          </option>
        )}
        {value && value !== MULTI && !options.some((o) => o.value === value) && <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} title={o.label.length > 80 ? o.label : undefined}>
            {o.label.length > 80 ? `${o.label.slice(0, 79)}…` : o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type OnChange = (patch: Partial<ClusterQuery>, mode?: "push" | "replace") => void;

/** "/" focuses the search, as in most list UIs (not while typing in a field) */
function useSlashFocusesSearch() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      e.preventDefault();
      document.getElementById("cluster-search")?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

function SearchRow({ query, onChange, count, open, onToggle }: { query: ClusterQuery; onChange: OnChange; count: number; open: boolean; onToggle: () => void }) {
  return (
    <div className="flex flex-wrap items-start gap-2">
      <div className="min-w-0 flex-1 basis-64">
        <label htmlFor="cluster-search" className="sr-only">
          Search clusters
        </label>
        <DebouncedInput
          id="cluster-search"
          type="search"
          className="input"
          placeholder='Search: words, "exact phrase", -exclude  (press /)'
          value={query.q}
          onCommit={(q) => onChange({ q, page: 1 }, "replace")}
          aria-describedby="cluster-search-hint"
          autoComplete="off"
          spellCheck={false}
        />
        <p id="cluster-search-hint" className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Matches name, id, connection, scope, region and version. Use <code className="font-mono">&quot;quotes&quot;</code> for a phrase and a leading{" "}
          <code className="font-mono">-</code> to exclude, e.g. <code className="font-mono">prod -&quot;edge-store&quot;</code>.
        </p>
      </div>
      <label className="flex h-[34px] cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 text-sm dark:border-slate-700">
        <input type="checkbox" className="accent-brand-600" checked={query.issues} onChange={(e) => onChange({ issues: e.target.checked, page: 1 })} />
        Only clusters with issues
      </label>
      <button type="button" className="btn-secondary md:!hidden" aria-expanded={open} aria-controls="cluster-filter-panel" onClick={onToggle}>
        Filters{count ? ` (${count})` : ""}
      </button>
    </div>
  );
}

function ProviderChips({ query, onChange, providers }: { query: ClusterQuery; onChange: OnChange; providers: ProviderMap }) {
  return (
    <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Provider">
      <span className="mr-1 text-xs font-medium text-slate-600 dark:text-slate-400">Provider</span>
      {Object.values(providers).map((p) => {
        const on = query.provider.includes(p.kind);
        return (
          <button
            key={p.kind}
            type="button"
            aria-pressed={on}
            className={`rounded-full border px-2.5 py-0.5 text-xs font-medium transition ${
              on
                ? "border-brand-600 bg-brand-600 text-white"
                : "border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
            }`}
            onClick={() => onChange({ provider: on ? query.provider.filter((k) => k !== p.kind) : [...query.provider, p.kind], page: 1 })}
          >
            {p.displayName}
          </button>
        );
      })}
    </div>
  );
}

function RegionInput({ query, onChange }: { query: ClusterQuery; onChange: OnChange }) {
  return (
    <div className="min-w-0">
      <label htmlFor="f-region" className="label !mb-0.5 text-xs">
        Region
      </label>
      <DebouncedInput
        id="f-region"
        className="input !py-1"
        placeholder="any"
        value={query.region.join(",")}
        onCommit={(v) => onChange({ region: v.split(",").map((s) => s.trim()).filter(Boolean), page: 1 }, "replace")}
      />
    </div>
  );
}

/** a version filter is applied only when it is one the list can match (lib/kube-version); otherwise it says so */
function VersionInput({ query, onChange }: { query: ClusterQuery; onChange: OnChange }) {
  const [versionError, setVersionError] = useState(false);
  return (
    <div className="min-w-0">
      <label htmlFor="f-version" className="label !mb-0.5 text-xs">
        Version
      </label>
      <DebouncedInput
        id="f-version"
        className="input !py-1"
        placeholder="e.g. 1.30"
        value={query.version}
        aria-invalid={versionError || undefined}
        aria-describedby={versionError ? "f-version-error" : undefined}
        onCommit={(v) => {
          const version = v.trim();
          const ok = !version || isPlainKubeVersion(version);
          setVersionError(!ok);
          if (ok) onChange({ version, page: 1 }, "replace");
        }}
      />
      {versionError && (
        <p id="f-version-error" className="field-error !mt-0.5 text-xs">
          like 1.30 or 1.30.2
        </p>
      )}
    </div>
  );
}

function GroupSelect({ query, onChange }: { query: ClusterQuery; onChange: OnChange }) {
  return (
    <div className="min-w-0">
      <label htmlFor="f-group" className="label !mb-0.5 text-xs">
        Group by
      </label>
      <select
        id="f-group"
        className="input !py-1"
        value={query.group}
        onChange={(e) => {
          const group = e.target.value as ClusterQuery["group"];
          // grouping sorts by the group's column so each group is contiguous across pages
          onChange({ group, ...(group ? { sort: group, page: 1 } : {}) });
        }}
      >
        <option value="">No grouping</option>
        {GROUP_KEYS.map((g) => (
          <option key={g} value={g}>
            {g[0].toUpperCase() + g.slice(1)}
          </option>
        ))}
      </select>
    </div>
  );
}

const EOL_LABELS: Record<(typeof EOL_STATES)[number], string> = { past: "Past EOL", soon: "EOL within 90 days", ok: "Supported", unknown: "Unknown" };

/**
 * The scope and connection choices, narrowed to the chosen providers (and connections). The scopes are
 * asked for when wanted (the scope select hovered or focused, the filter panel opened on a small
 * screen, a scope in the address): the list's first load asks only for what it shows.
 */
function useFilterOptions(query: ClusterQuery, connections: ConnectionSummary[], wanted: boolean) {
  const scopes = useQuery({ queryKey: inventoryKeys.scopes(), queryFn: ({ signal }) => fetchScopes(signal), staleTime: 60_000, enabled: wanted || query.scope.length > 0 });
  const scopeOptions = (scopes.data?.items ?? [])
    .filter((s) => (!query.provider.length || query.provider.includes(s.provider)) && (!query.connection.length || query.connection.includes(s.connectionId)))
    .map((s) => ({ value: s.externalId, label: `${s.name} · ${s.connectionName}` }))
    .filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
  const connectionOptions = connections
    .filter((c) => !query.provider.length || query.provider.includes(c.provider))
    .map((c) => ({ value: c.id, label: `${c.name} (${c.providerName})` }));
  return { scopeOptions, connectionOptions };
}

export function ClusterFilters({ query, onChange, providers, connections }: { query: ClusterQuery; onChange: OnChange; providers: ProviderMap; connections: ConnectionSummary[] }) {
  const [open, setOpen] = useState(false);
  const [scopesWanted, setScopesWanted] = useState(false);
  const wantScopes = () => setScopesWanted(true);
  useSlashFocusesSearch();
  const { scopeOptions, connectionOptions } = useFilterOptions(query, connections, scopesWanted || open);
  const count = activeFilterCount(query) - (query.q.trim() ? 1 : 0);
  return (
    <div className="mb-4 space-y-3">
      <SearchRow query={query} onChange={onChange} count={count} open={open} onToggle={() => setOpen((o) => !o)} />
      <div id="cluster-filter-panel" className={`${open ? "block" : "hidden"} space-y-3 md:block`}>
        <ProviderChips query={query} onChange={onChange} providers={providers} />
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-7">
          <SingleSelect id="f-connection" label="Connection" allLabel="All connections" values={query.connection} options={connectionOptions} onChange={(connection) => onChange({ connection, page: 1 })} />
          <SingleSelect id="f-scope" label="Scope" allLabel="All scopes" values={query.scope} options={scopeOptions} onChange={(scope) => onChange({ scope, page: 1 })} onInterest={wantScopes} />
          <RegionInput query={query} onChange={onChange} />
          <SingleSelect id="f-status" label="Status" allLabel="Any status" values={query.status} options={CLUSTER_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))} onChange={(status) => onChange({ status, page: 1 })} />
          <VersionInput query={query} onChange={onChange} />
          <SingleSelect id="f-eol" label="End of life" allLabel="Any" values={query.eol} options={EOL_STATES.map((s) => ({ value: s, label: EOL_LABELS[s] }))} onChange={(eol) => onChange({ eol, page: 1 })} />
          <GroupSelect query={query} onChange={onChange} />
        </div>
      </div>
    </div>
  );
}
