-- CreateEnum
CREATE TYPE "LeadTaskKind" AS ENUM ('APPOINTMENT_CANCELED', 'APPOINTMENT_RESCHEDULED');

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "appointmentProviderUpdatedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "ProviderConnection" ADD COLUMN     "lastReconcileAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastReconcileError" TEXT,
ADD COLUMN     "lastReconcileErrorAt" TIMESTAMPTZ(3),
ADD COLUMN     "oauthAccessExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "oauthAccessTokenEnc" TEXT,
ADD COLUMN     "oauthRefreshTokenEnc" TEXT,
ADD COLUMN     "oauthTokenVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LeadTask" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "kind" "LeadTaskKind" NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMPTZ(3),
    "doneByUserId" TEXT,

    CONSTRAINT "LeadTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingAppointmentEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "provider" "AppointmentProvider" NOT NULL,
    "webhookEventId" UUID,
    "contactId" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "appointment" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMPTZ(3),
    "appliedLeadId" UUID,

    CONSTRAINT "PendingAppointmentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppointmentReconcileState" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AppointmentReconcileState_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "LeadTask_dedupeKey_key" ON "LeadTask"("dedupeKey");

-- CreateIndex
CREATE INDEX "LeadTask_clientId_doneAt_idx" ON "LeadTask"("clientId", "doneAt");

-- CreateIndex
CREATE INDEX "LeadTask_leadId_doneAt_idx" ON "LeadTask"("leadId", "doneAt");

-- CreateIndex
CREATE INDEX "PendingAppointmentEvent_clientId_appliedAt_idx" ON "PendingAppointmentEvent"("clientId", "appliedAt");

-- AddForeignKey
ALTER TABLE "LeadTask" ADD CONSTRAINT "LeadTask_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingAppointmentEvent" ADD CONSTRAINT "PendingAppointmentEvent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "ProviderConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
