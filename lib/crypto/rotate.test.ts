/** Key rotation against a real PostgreSQL: interrupted halfway and re-run, every credential stays decryptable. */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";

const b64 = () => randomBytes(32).toString("base64");
const KEY_A = b64();
const KEY_B = b64();

beforeAll(async () => {
  await createTestDatabase("rotate");
  process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "cd-rotate-"));
  process.env.ENCRYPTION_KEY = KEY_A;
  delete process.env.ENCRYPTION_KEYS_OLD;
});

describe("rotate-keys", () => {
  it("re-encrypts in batches; an interrupted run leaves everything decryptable; a re-run finishes", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { decryptCredentials, encryptCredentials, keyring, keyId } = await import("./index");
    const { makeConnection, makeTeam } = await import("@/test/support/factories");
    const { rotateCredentials } = await import("./rotate");
    const prisma = getPrisma();
    const team = await makeTeam("Rot");
    const plain = new Map<string, Record<string, string>>();
    for (let i = 0; i < 7; i++) {
      const id = `crot${String(i).padStart(3, "0")}`;
      const creds = { token: `secret-${i}-${randomBytes(8).toString("hex")}` };
      await makeConnection({ id, teamId: team.id, name: `n${i}`, baseUrl: "https://api.example.com", credentials: creds });
      plain.set(id, creds);
    }
    const idA = keyId(Buffer.from(KEY_A, "base64"));
    const idB = keyId(Buffer.from(KEY_B, "base64"));
    const allDecrypt = async () => {
      for (const row of await prisma.connection.findMany()) {
        expect(decryptCredentials(row.credentialsCiphertext, { teamId: row.teamId, connectionId: row.id })).toEqual(plain.get(row.id));
        expect(row.credentialsCiphertext.split(".")[1]).toBe(row.credentialsKeyId);
      }
    };

    // new current key B; A stays readable as an old key
    process.env.ENCRYPTION_KEY = KEY_B;
    process.env.ENCRYPTION_KEYS_OLD = KEY_A;
    expect(keyring().current.id).toBe(idB);

    // "interrupted": one batch of 3, then stop
    const partial = await rotateCredentials({ batchSize: 3, maxBatches: 1 });
    expect(partial).toMatchObject({ rotated: 3, remaining: 4, failed: [] });
    expect(await prisma.connection.count({ where: { credentialsKeyId: idA } })).toBe(4);
    await allDecrypt();

    // a row changed between read and write is skipped, not overwritten (optimistic check)
    const racing = await prisma.connection.findFirstOrThrow({ where: { credentialsKeyId: idA }, orderBy: { id: "asc" } });
    const { updateMany } = prisma.connection;
    let raced = false;
    (prisma.connection as unknown as { updateMany: typeof updateMany }).updateMany = (async (args: Parameters<typeof updateMany>[0]) => {
      if (!raced && (args as { where: { id: string } }).where.id === racing.id) {
        raced = true;
        const fresh = encryptCredentials(plain.get(racing.id)!, { teamId: team.id, connectionId: racing.id });
        await prisma.connection.update({ where: { id: racing.id }, data: { credentialsCiphertext: fresh.ciphertext, credentialsKeyId: fresh.keyId } });
      }
      return updateMany(args);
    }) as unknown as typeof updateMany;
    const second = await rotateCredentials({ batchSize: 3, maxBatches: 1 });
    (prisma.connection as unknown as { updateMany: typeof updateMany }).updateMany = updateMany;
    expect(second.skipped).toBe(1);
    await allDecrypt();

    // the re-run (through the admin command) finishes the job
    const lines: string[] = [];
    const { default: command } = await import("@/lib/admin/rotate-keys");
    await command.run({ flags: { "batch-size": "2" }, positional: [], print: (l) => lines.push(l) });
    expect(lines.join("\n")).toMatch(/done: every credential is under the current key/);
    expect(await prisma.connection.count({ where: { credentialsKeyId: idB } })).toBe(7);
    await allDecrypt();

    // the old key can go now
    delete process.env.ENCRYPTION_KEYS_OLD;
    await allDecrypt();
    expect((await rotateCredentials()).rotated).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "crypto.rotate_keys", result: "success" } })).toBe(1);
  });

  it("reports rows no configured key can decrypt and fails the command", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { keyring } = await import("./index");
    const { makeConnection } = await import("@/test/support/factories");
    const prisma = getPrisma();
    const team = await prisma.team.findFirstOrThrow();
    process.env.ENCRYPTION_KEY = b64();
    await makeConnection({ id: "clost", teamId: team.id, name: "lost", baseUrl: "https://api.example.com", credentials: { token: "lost-key-secret-value" } });
    process.env.ENCRYPTION_KEY = KEY_B;
    expect(keyring().byId.size).toBe(1);
    const { default: command } = await import("@/lib/admin/rotate-keys");
    const lines: string[] = [];
    await expect(command.run({ flags: {}, positional: [], print: (l) => lines.push(l) })).rejects.toThrow(/still under an older key/);
    expect(lines.join("\n")).toMatch(/clost: stored credentials were encrypted with key [0-9a-f]{8}, which is not configured/);
    expect(lines.join("\n")).not.toContain("lost-key-secret-value");
  });
});
