import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/db/unavailable";

export const dynamic = "force-dynamic";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page a page request lands on while the database cannot be reached (lib/db/page-guard.ts):
 * 503 with Retry-After, a plain self-contained page (it needs neither the database nor the app's
 * layouts), and an automatic retry of the page that was asked for.
 */
export function GET(req: Request) {
  const back = safeRedirectPath(new URL(req.url).searchParams.get("from"));
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${DATABASE_RETRY_AFTER_SECONDS};url=${esc(back)}">
<title>Temporarily unavailable · Clusterdeck</title>
<style>body{font-family:system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f8fafc;color:#0f172a}
main{max-width:28rem;padding:2rem;border:1px solid #e2e8f0;border-radius:.75rem;background:#fff;margin:1rem}
h1{font-size:1.25rem;margin:0 0 .5rem}p{color:#475569;line-height:1.5}a{color:#2563eb}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}main{background:#1e293b;border-color:#334155}p{color:#cbd5e1}a{color:#93c5fd}}</style>
</head><body><main>
<h1>Clusterdeck is temporarily unavailable</h1>
<p>Its database cannot be reached right now — usually a restart or failover that passes within seconds. Nothing you did caused this, and nothing was lost.</p>
<p>This page retries by itself in ${DATABASE_RETRY_AFTER_SECONDS} seconds. <a href="${esc(back)}">Try again now</a>.</p>
</main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}
