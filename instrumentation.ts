/** Next.js calls this once per server process before it serves requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // first: the connection's own address for rate limits and audit (lib/api/peer-address.ts)
  const { installPeerAddressStamp } = await import("./lib/api/peer-address");
  installPeerAddressStamp();
  const { boot } = await import("./lib/boot");
  await boot();
}
