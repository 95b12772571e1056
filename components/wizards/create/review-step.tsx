"use client";

import type { CreateSchema } from "@/lib/providers/types";
import { ReviewSummary } from "../review-summary";
import type { WizardConnectionOption } from "./types";

/** the last step: a readable summary, and the exact request body and idempotency key that will be sent */
export function ReviewStep({ schema, connection, scope, idempotencyKey, values, body }: { schema: CreateSchema; connection: WizardConnectionOption; scope: string; idempotencyKey: string; values: Record<string, unknown>; body: unknown }) {
  return (
    <section aria-labelledby="step-title" className="space-y-3">
      <h2 id="step-title" className="text-lg font-semibold">
        Review
      </h2>
      <ReviewSummary schema={schema} values={values} connectionId={connection.id} connectionName={connection.name} providerName={connection.providerName} provider={connection.provider} scope={scope} scopeLabel={connection.scopeLabel} />
      <details className="text-sm">
        <summary className="cursor-pointer text-brand-600">Show request</summary>
        <p className="mt-2 text-slate-600 dark:text-slate-400">
          Exactly what will be sent to <code>POST /api/v1/clusters</code> (with the header <code className="break-all">Idempotency-Key: {idempotencyKey}</code>):
        </p>
        <pre className="mt-1 max-h-[28rem] overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" data-testid="review-body">
          {JSON.stringify(body, null, 2)}
        </pre>
      </details>
    </section>
  );
}
