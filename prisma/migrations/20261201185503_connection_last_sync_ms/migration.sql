-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "lastSyncMs" INTEGER;
