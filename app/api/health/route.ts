import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. No database, no auth. */
export function GET() {
  return NextResponse.json({ status: "ok" });
}
