-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "kubernetesNetworks" TEXT[] DEFAULT ARRAY[]::TEXT[];
