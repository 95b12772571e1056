/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig = {
  output: "standalone",
  reactStrictMode: true,
  // `next dev` serves its HMR socket and dev chunks only to these hosts besides localhost
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  // scripts/server.mjs compresses (dynamic answers at gzip level 1, static files precompressed Brotli)
  compress: false,
  typedRoutes: false,
  // Server-only packages with native/wasm parts or dynamic requires: loaded from node_modules at run time.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "@prisma/schema-engine-wasm",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "prom-client",
  ],
  outputFileTracingIncludes: {
    "/**": ["./prisma/migrations/**/*", "./prisma/schema.prisma", "./node_modules/@prisma/schema-engine-wasm/*.wasm", "./node_modules/@electric-sql/pglite/dist/*.{wasm,data,tar.gz}"],
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
