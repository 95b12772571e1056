import { NextResponse } from "next/server";
import { publicRoute } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/api/openapi";
import pkg from "@/package.json";

export const dynamic = "force-dynamic";

/** The API's OpenAPI 3.1 document (public: it describes shapes, never data; not cached, like every API answer). */
export const GET = publicRoute("/api/v1/openapi.json", async () => NextResponse.json(openApiDocument(pkg.version), { headers: { "cache-control": "no-store" } }));
