-- CreateEnum
CREATE TYPE "OutboundSendStatus" AS ENUM ('waiting', 'sending', 'sent', 'failed', 'unconfirmed');

-- CreateTable
CREATE TABLE "OutboundSend" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "connectionId" UUID,
    "channel" "MessageChannel" NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "sentBy" "MessageSender" NOT NULL,
    "sentByUserId" TEXT,
    "aiDraftId" UUID,
    "backgroundJobId" UUID,
    "replyToMessageId" UUID,
    "subject" TEXT,
    "body" TEXT NOT NULL,
    "status" "OutboundSendStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastErrorKind" TEXT,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "attemptedAt" TIMESTAMPTZ(3),
    "providerMessageId" TEXT,
    "idSource" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "messageId" UUID,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedByUserId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutboundSend_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SendRateBudget" (
    "connectionId" UUID NOT NULL,
    "recent" TIMESTAMPTZ(3)[],
    "blockedUntil" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SendRateBudget_pkey" PRIMARY KEY ("connectionId")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboundSend_idempotencyKey_key" ON "OutboundSend"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundSend_messageId_key" ON "OutboundSend"("messageId");

-- CreateIndex
CREATE INDEX "OutboundSend_connectionId_status_attemptedAt_idx" ON "OutboundSend"("connectionId", "status", "attemptedAt");

-- CreateIndex
CREATE INDEX "OutboundSend_clientId_status_idx" ON "OutboundSend"("clientId", "status");

-- CreateIndex
CREATE INDEX "OutboundSend_leadId_createdAt_idx" ON "OutboundSend"("leadId", "createdAt");

-- CreateIndex
CREATE INDEX "OutboundSend_aiDraftId_idx" ON "OutboundSend"("aiDraftId");

-- AddForeignKey
ALTER TABLE "OutboundSend" ADD CONSTRAINT "OutboundSend_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundSend" ADD CONSTRAINT "OutboundSend_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "ProviderConnection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundSend" ADD CONSTRAINT "OutboundSend_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendRateBudget" ADD CONSTRAINT "SendRateBudget_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "ProviderConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
