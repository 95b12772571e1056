-- CreateTable
CREATE TABLE "InventoryRevision" (
    "teamId" TEXT NOT NULL,
    "revision" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "InventoryRevision_pkey" PRIMARY KEY ("teamId")
);

-- Raised once per transaction and team, at commit (deferred constraint triggers): a transaction's changes
-- and its new revision become visible together, and the counter row is locked only while the
-- transaction commits (never while it still waits for other rows: no lock-order deadlock with the
-- snapshot or operation rows it writes). A transaction-local setting marks the teams already raised,
-- so a sync writing 250 rows raises its team's counter once. A team id never changes on these rows.
CREATE FUNCTION "clusterdeck_bump_inventory_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  team text := CASE WHEN TG_OP = 'DELETE' THEN OLD."teamId" ELSE NEW."teamId" END;
  marker text := 'clusterdeck_revision.t' || md5(team);
BEGIN
  IF current_setting(marker, true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config(marker, txid_current()::text, true);
  INSERT INTO "InventoryRevision" ("teamId", "revision") VALUES (team, 1)
    ON CONFLICT ("teamId") DO UPDATE SET "revision" = "InventoryRevision"."revision" + 1;
  RETURN NULL;
END;
$$;

-- every snapshot row change (a sync rewrites only the rows that changed)
CREATE CONSTRAINT TRIGGER "ClusterSnapshot_inventory_revision" AFTER INSERT OR UPDATE OR DELETE ON "ClusterSnapshot"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "clusterdeck_bump_inventory_revision"();
-- a connection's name orders the list; its account key and creation time decide duplicates (its sync
-- state is read fresh on every request and is not part of the revision)
CREATE CONSTRAINT TRIGGER "Connection_inventory_revision" AFTER INSERT OR DELETE ON "Connection"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "clusterdeck_bump_inventory_revision"();
CREATE CONSTRAINT TRIGGER "Connection_inventory_revision_update" AFTER UPDATE ON "Connection"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((OLD.name, OLD."accountKey", OLD."createdAt") IS DISTINCT FROM (NEW.name, NEW."accountKey", NEW."createdAt"))
  EXECUTE FUNCTION "clusterdeck_bump_inventory_revision"();
-- a row shows its pending or running operation; progress and timeline writes do not change that
CREATE CONSTRAINT TRIGGER "Operation_inventory_revision" AFTER INSERT OR DELETE ON "Operation"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "clusterdeck_bump_inventory_revision"();
CREATE CONSTRAINT TRIGGER "Operation_inventory_revision_update" AFTER UPDATE ON "Operation"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((OLD.state, OLD."clusterId", OLD.kind) IS DISTINCT FROM (NEW.state, NEW."clusterId", NEW.kind))
  EXECUTE FUNCTION "clusterdeck_bump_inventory_revision"();
