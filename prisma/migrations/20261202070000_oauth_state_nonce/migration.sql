-- AlterTable
ALTER TABLE "ProviderConnection" ADD COLUMN     "oauthStateNonce" TEXT;
