-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "ClusterSnapshot_searchText_idx" ON "ClusterSnapshot" USING GIN ("searchText" gin_trgm_ops);
