-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('GHL', 'UNIPILE', 'SMARTLEAD', 'INSTANTLY', 'CALENDLY');

-- CreateEnum
CREATE TYPE "ConnectionMode" AS ENUM ('live', 'sandbox');

-- CreateEnum
CREATE TYPE "WebhookEventStatus" AS ENUM ('processed', 'duplicate', 'ignored', 'rejected');

-- CreateEnum
CREATE TYPE "AIInteractionOutcome" AS ENUM ('success', 'error', 'timeout', 'rate_limited', 'fallback');

-- AlterTable
ALTER TABLE "BackgroundJob" ADD COLUMN     "payload" JSONB,
ADD COLUMN     "resultNote" TEXT;

-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "defaultCountry" TEXT NOT NULL DEFAULT 'US';

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "score" INTEGER,
ADD COLUMN     "scoredAt" TIMESTAMPTZ(3),
ADD COLUMN     "sentimentAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "bodyTruncated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "connectionId" UUID,
ADD COLUMN     "providerContext" JSONB;

-- CreateTable
CREATE TABLE "MemberProviderIdentity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "userId" TEXT NOT NULL,
    "provider" "Provider" NOT NULL,
    "externalUserId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberProviderIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderConnection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "provider" "Provider" NOT NULL,
    "externalAccountId" TEXT NOT NULL,
    "label" TEXT,
    "mode" "ConnectionMode" NOT NULL DEFAULT 'live',
    "disabledAt" TIMESTAMPTZ(3),
    "webhookSecretEnc" TEXT,
    "previousWebhookSecretEnc" TEXT,
    "previousSecretValidUntil" TIMESTAMPTZ(3),
    "apiKeyEnc" TEXT,
    "apiBaseUrl" TEXT,
    "lastEventAt" TIMESTAMPTZ(3),
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProviderConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "provider" "Provider" NOT NULL,
    "connectionId" UUID,
    "clientId" UUID,
    "dedupeKey" TEXT NOT NULL,
    "eventType" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "occurredAt" TIMESTAMPTZ(3),
    "headers" JSONB NOT NULL,
    "rawBody" TEXT NOT NULL,
    "rawBodyBytes" INTEGER NOT NULL,
    "rawBodySha256" TEXT NOT NULL,
    "rawBodyTruncated" BOOLEAN NOT NULL DEFAULT false,
    "status" "WebhookEventStatus" NOT NULL,
    "reason" TEXT,
    "replayCount" INTEGER NOT NULL DEFAULT 0,
    "lastReplayedAt" TIMESTAMPTZ(3),
    "messageId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AIInteraction" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "leadId" UUID,
    "messageId" UUID,
    "backgroundJobId" UUID,
    "source" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "totalTokens" INTEGER,
    "outcome" "AIInteractionOutcome" NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AIInteraction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MemberProviderIdentity_userId_idx" ON "MemberProviderIdentity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "MemberProviderIdentity_clientId_provider_externalUserId_key" ON "MemberProviderIdentity"("clientId", "provider", "externalUserId");

-- CreateIndex
CREATE INDEX "ProviderConnection_clientId_provider_idx" ON "ProviderConnection"("clientId", "provider");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderConnection_provider_externalAccountId_key" ON "ProviderConnection"("provider", "externalAccountId");

-- CreateIndex
CREATE INDEX "WebhookEvent_connectionId_receivedAt_idx" ON "WebhookEvent"("connectionId", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_provider_status_receivedAt_idx" ON "WebhookEvent"("provider", "status", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_clientId_receivedAt_idx" ON "WebhookEvent"("clientId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_provider_dedupeKey_key" ON "WebhookEvent"("provider", "dedupeKey");

-- CreateIndex
CREATE INDEX "AIInteraction_clientId_createdAt_idx" ON "AIInteraction"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "AIInteraction_backgroundJobId_idx" ON "AIInteraction"("backgroundJobId");

-- CreateIndex
CREATE INDEX "AIInteraction_messageId_idx" ON "AIInteraction"("messageId");

-- CreateIndex
CREATE INDEX "BackgroundJob_status_lockedUntil_idx" ON "BackgroundJob"("status", "lockedUntil");

-- AddForeignKey
ALTER TABLE "MemberProviderIdentity" ADD CONSTRAINT "MemberProviderIdentity_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberProviderIdentity" ADD CONSTRAINT "MemberProviderIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "ProviderConnection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderConnection" ADD CONSTRAINT "ProviderConnection_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "ProviderConnection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AIInteraction" ADD CONSTRAINT "AIInteraction_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AIInteraction" ADD CONSTRAINT "AIInteraction_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AIInteraction" ADD CONSTRAINT "AIInteraction_backgroundJobId_fkey" FOREIGN KEY ("backgroundJobId") REFERENCES "BackgroundJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;
