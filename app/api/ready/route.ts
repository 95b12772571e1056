import { NextResponse } from "next/server";
import { readiness } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Readiness: database reachable and every migration applied; 503 with the reason otherwise. */
export async function GET() {
  const r = await readiness();
  return NextResponse.json(r, { status: r.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
