"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { apiRequest, ApiRequestError, type ConnectionView, type ProviderDescriptor, type TestReport } from "./api";
import { applyServerErrors, CredentialInputs, credentialsSchema } from "./connection-form";
import { SimulatedBadge, StateBadge } from "./state-badge";
import { TestButton, TestResult } from "./test-button";
import { formatDateTime } from "@/components/dates";

export function ConnectionHealth({ c }: { c: ConnectionView }) {
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
      <div>
        <dt className="text-slate-500">Provider</dt>
        <dd className="flex items-center gap-2">
          {c.providerName} {c.demo && <SimulatedBadge />}
        </dd>
      </div>
      <div>
        <dt className="text-slate-500">Health</dt>
        <dd>
          <StateBadge state={c.state} />
        </dd>
      </div>
      <div>
        <dt className="text-slate-500">API base URL</dt>
        <dd className="break-all font-mono text-xs">{c.baseUrl}</dd>
      </div>
      <div>
        <dt className="text-slate-500">Default {c.scopeLabel.toLowerCase()}</dt>
        <dd>{c.defaultScope ?? "—"}</dd>
      </div>
      <div>
        <dt className="text-slate-500">Credentials</dt>
        <dd data-testid="credentials-hint">
          {c.credentialsHint ? <span className="font-mono">••••{c.credentialsHint}</span> : "set"} · since {formatDateTime(c.credentialsSetAt)}
        </dd>
      </div>
      <div>
        <dt className="text-slate-500">Last success</dt>
        <dd>{formatDateTime(c.lastSuccessAt)}</dd>
      </div>
      <div>
        <dt className="text-slate-500">Last inventory sync</dt>
        <dd>{formatDateTime(c.lastSyncAt)}</dd>
      </div>
      <div>
        <dt className="text-slate-500">Clusters in the inventory</dt>
        <dd>{c.clusterCount}</dd>
      </div>
      {c.lastError && (
        <div className="sm:col-span-2">
          <dt className="text-slate-500">Last error</dt>
          <dd className="text-red-700 dark:text-red-400" data-kind={c.lastErrorKind ?? undefined}>
            {c.lastError}
          </dd>
        </div>
      )}
    </dl>
  );
}

const editSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(100, "At most 100 characters"),
  baseUrl: z.string().trim().min(1, "Base URL is required").url("Enter a URL like https://api.example.com"),
  defaultScope: z.string().trim().max(200),
});
type EditValues = z.infer<typeof editSchema>;

export function EditConnectionForm({ c }: { c: ConnectionView }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const [error, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<EditValues>({ resolver: zodResolver(editSchema), defaultValues: { name: c.name, baseUrl: c.baseUrl, defaultScope: c.defaultScope ?? "" } });
  return (
    <form
      className="flex flex-col gap-4"
      noValidate
      onSubmit={handleSubmit(async (v) => {
        setSaved(false);
        setFormError(null);
        try {
          await apiRequest(`/api/v1/connections/${c.id}`, { method: "PATCH", body: { name: v.name, baseUrl: v.baseUrl, defaultScope: v.defaultScope || null } });
          setSaved(true);
          router.refresh();
        } catch (e) {
          setFormError(applyServerErrors(e, setError, ["name", "baseUrl", "defaultScope"]));
        }
      })}
    >
      <div>
        <label className="label" htmlFor="edit-name">
          Name
        </label>
        <input className="input" id="edit-name" {...register("name")} />
        {errors.name && <p className="field-error">{errors.name.message}</p>}
      </div>
      <div>
        <label className="label" htmlFor="edit-baseUrl">
          API base URL
        </label>
        <input className="input font-mono" id="edit-baseUrl" {...register("baseUrl")} />
        <p className="mt-1 text-xs text-slate-500">Moving to another host needs the credentials entered again (Rotate credentials).</p>
        {errors.baseUrl && <p className="field-error">{errors.baseUrl.message}</p>}
      </div>
      <div>
        <label className="label" htmlFor="edit-defaultScope">
          Default {c.scopeLabel.toLowerCase()}
        </label>
        <input className="input" id="edit-defaultScope" {...register("defaultScope")} />
      </div>
      {error && <p className="field-error">{error}</p>}
      <div className="flex items-center gap-3">
        <button className="btn-secondary" type="submit" disabled={isSubmitting}>
          Save changes
        </button>
        {saved && (
          <span className="text-sm text-green-700" role="status">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}

function Modal({ open, onOpenChange, title, description, children }: { open: boolean; onOpenChange: (o: boolean) => void; title: string; description: React.ReactNode; children: React.ReactNode }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="card fixed top-1/2 left-1/2 z-50 w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 text-sm text-slate-600 dark:text-slate-400">{description}</div>
          </Dialog.Description>
          <div className="mt-4">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** New credentials are tested against the provider first; a failure keeps the old ones. */
export function RotateCredentials({ c, provider }: { c: ConnectionView; provider: ProviderDescriptor }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [report, setReport] = useState<Pick<TestReport, "ok" | "message" | "outcome"> | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const schema = useMemo(() => z.object({ credentials: credentialsSchema(provider) }), [provider]);
  const empty = Object.fromEntries(provider.credentialFields.map((f) => [f.name, ""]));
  const {
    register,
    handleSubmit,
    reset,
    setError,
    setValue,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<{ credentials: Record<string, string> }>({ resolver: zodResolver(schema) as never, defaultValues: { credentials: empty } });
  return (
    <>
      <div className="flex flex-col gap-2">
        <div>
          <button type="button" className="btn-secondary" onClick={() => (setOpen(true), setReport(null), setDone(null))}>
            Rotate credentials
          </button>
        </div>
        {done && (
          <p className="text-sm text-green-700 dark:text-green-400" role="status">
            {done}
          </p>
        )}
      </div>
      <Modal
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) reset({ credentials: empty });
        }}
        title={`Rotate credentials of ${c.name}`}
        description={<>The new credentials are tested against {c.providerName} before they replace the current ones; if the test fails, the current ones stay.</>}
      >
        <form
          className="flex flex-col gap-4"
          noValidate
          onSubmit={handleSubmit(async (v) => {
            setReport(null);
            try {
              const credentials = Object.fromEntries(Object.entries(v.credentials).filter(([, x]) => x !== ""));
              const r = await apiRequest<{ test?: TestReport }>(`/api/v1/connections/${c.id}`, { method: "PATCH", body: { credentials } });
              reset({ credentials: empty });
              setOpen(false);
              setDone(`Credentials replaced. ${r.test?.message ?? ""}`.trim());
              router.refresh();
            } catch (e) {
              if (e instanceof ApiRequestError && e.code === "credentials_test_failed") setReport({ ok: false, outcome: "error", message: `Not replaced — ${e.message}` });
              else {
                const m = applyServerErrors(e, setError as never, provider.credentialFields.map((f) => `credentials.${f.name}`));
                if (m) setReport({ ok: false, outcome: "error", message: m });
              }
            }
          })}
        >
          <CredentialInputs provider={provider} register={register as never} setValue={(n, v) => setValue(n as never, v as never, { shouldValidate: true })} watch={(n) => watch(n as never) as unknown as string | undefined} errors={(errors.credentials ?? {}) as Record<string, { message?: string }>} idPrefix="rotate-cred" />
          {report && <TestResult report={report} />}
          <div className="flex justify-end gap-2">
            <Dialog.Close asChild>
              <button type="button" className="btn-secondary">
                Cancel
              </button>
            </Dialog.Close>
            <button type="submit" className="btn-primary" disabled={isSubmitting}>
              {isSubmitting ? "Testing…" : "Test and replace"}
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}

/** Deleting warns how many clusters leave the inventory; nothing on the provider is touched. */
export function DeleteConnection({ c }: { c: ConnectionView }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="btn-danger" onClick={() => setOpen(true)}>
        Delete connection
      </button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${c.name}?`}
        description={
          <>
            <p>
              <strong data-testid="delete-impact">
                {c.clusterCount} cluster{c.clusterCount === 1 ? "" : "s"}
              </strong>{" "}
              from this connection will disappear from the inventory, with their history of operations.
            </p>
            <p className="mt-2">Nothing on {c.providerName} is touched: the clusters keep running there. The stored credentials are deleted.</p>
          </>
        }
      >
        {error && <p className="field-error mb-3">{error}</p>}
        <div className="flex justify-end gap-2">
          <Dialog.Close asChild>
            <button type="button" className="btn-secondary">
              Cancel
            </button>
          </Dialog.Close>
          <button
            type="button"
            className="btn-danger"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await apiRequest(`/api/v1/connections/${c.id}`, { method: "DELETE" });
                setOpen(false);
                router.push("/connections");
                router.refresh();
              } catch (e) {
                setError((e as Error).message);
              } finally {
                setBusy(false);
              }
            }}
          >
            {busy ? "Deleting…" : "Delete connection"}
          </button>
        </div>
      </Modal>
    </>
  );
}

export { TestButton };
