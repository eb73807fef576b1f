-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('ADMIN', 'MANAGER', 'SETTER');

-- CreateEnum
CREATE TYPE "MessageChannel" AS ENUM ('sms', 'email', 'linkedin');

-- CreateEnum
CREATE TYPE "MessageDirection" AS ENUM ('inbound', 'outbound');

-- CreateEnum
CREATE TYPE "MessageSender" AS ENUM ('setter', 'ai', 'system');

-- CreateEnum
CREATE TYPE "LeadStatus" AS ENUM ('NEW', 'CONTACTED', 'ENGAGED', 'MEETING_BOOKED', 'NOT_INTERESTED', 'UNQUALIFIED');

-- CreateEnum
CREATE TYPE "LeadSentiment" AS ENUM ('POSITIVE', 'NEUTRAL', 'NEGATIVE', 'MEETING_REQUESTED', 'OUT_OF_OFFICE');

-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('BOOKED', 'RESCHEDULED', 'CANCELED', 'COMPLETED', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "AppointmentProvider" AS ENUM ('GHL', 'CALENDLY');

-- CreateEnum
CREATE TYPE "AIDraftStatus" AS ENUM ('PENDING', 'APPROVED', 'SENT', 'REJECTED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "BackgroundJobType" AS ENUM ('AI_AUTO_SEND_DELAYED', 'SMS_INBOUND_POST_PROCESS', 'EMAIL_INBOUND_POST_PROCESS', 'LINKEDIN_INBOUND_POST_PROCESS', 'SMARTLEAD_INBOUND_POST_PROCESS', 'INSTANTLY_INBOUND_POST_PROCESS', 'LEAD_SCORING_POST_PROCESS', 'APPOINTMENT_RECONCILE');

-- CreateEnum
CREATE TYPE "BackgroundJobStatus" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED');

-- CreateTable
CREATE TABLE "Client" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "autoSendEnabled" BOOLEAN NOT NULL DEFAULT true,
    "aiDelayMinSeconds" INTEGER NOT NULL DEFAULT 180,
    "aiDelayMaxSeconds" INTEGER NOT NULL DEFAULT 420,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BusinessHours" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "dayOfWeek" INTEGER NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BusinessHours_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClientMember" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ClientMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "userId" TEXT NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMPTZ(3),
    "refreshTokenExpiresAt" TIMESTAMPTZ(3),
    "scope" TEXT,
    "password" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lead" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "linkedinUrl" TEXT,
    "status" "LeadStatus" NOT NULL DEFAULT 'NEW',
    "sentiment" "LeadSentiment",
    "ghlContactId" TEXT,
    "smartleadLeadId" TEXT,
    "instantlyLeadId" TEXT,
    "unipileAttendeeId" TEXT,
    "lastInboundAt" TIMESTAMPTZ(3),
    "lastOutboundAt" TIMESTAMPTZ(3),
    "appointmentBookedAt" TIMESTAMPTZ(3),
    "appointmentCanceledAt" TIMESTAMPTZ(3),
    "appointmentStartAt" TIMESTAMPTZ(3),
    "appointmentStatus" "AppointmentStatus",
    "appointmentLastCheckedAt" TIMESTAMPTZ(3),
    "appointmentProvider" "AppointmentProvider",
    "ghlAppointmentId" TEXT,
    "calendlyInviteeUri" TEXT,
    "calendlyScheduledEventUri" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "channel" "MessageChannel" NOT NULL,
    "direction" "MessageDirection" NOT NULL,
    "subject" TEXT,
    "body" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "sentBy" "MessageSender",
    "sentByUserId" TEXT,
    "aiDraftId" UUID,
    "webhookDedupeKey" TEXT,
    "ghlMessageId" TEXT,
    "smartleadMessageId" TEXT,
    "instantlyEmailId" TEXT,
    "unipileMessageId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AIDraft" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "triggerMessageId" UUID NOT NULL,
    "channel" "MessageChannel" NOT NULL,
    "content" TEXT NOT NULL,
    "status" "AIDraftStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AIDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackgroundJob" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "leadId" UUID,
    "messageId" UUID,
    "draftId" UUID,
    "type" "BackgroundJobType" NOT NULL,
    "status" "BackgroundJobStatus" NOT NULL DEFAULT 'PENDING',
    "runAt" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "lockedAt" TIMESTAMPTZ(3),
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "lastError" TEXT,
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BackgroundJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponseTimingEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clientId" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "channel" "MessageChannel" NOT NULL,
    "inboundMessageId" UUID NOT NULL,
    "inboundSentAt" TIMESTAMPTZ(3) NOT NULL,
    "streakStartMessageId" UUID NOT NULL,
    "streakStartSentAt" TIMESTAMPTZ(3) NOT NULL,
    "streakLength" INTEGER NOT NULL,
    "setterResponseMessageId" UUID,
    "setterResponseSentAt" TIMESTAMPTZ(3),
    "setterSentByUserId" TEXT,
    "setterResponseMs" BIGINT,
    "aiDraftId" UUID,
    "aiResponseMessageId" UUID,
    "aiResponseSentAt" TIMESTAMPTZ(3),
    "aiResponseMs" BIGINT,
    "aiDelayMinSeconds" INTEGER,
    "aiDelayMaxSeconds" INTEGER,
    "aiChosenDelaySeconds" INTEGER,
    "aiActualDelaySeconds" INTEGER,
    "aiScheduledRunAt" TIMESTAMPTZ(3),
    "aiBackgroundJobId" UUID,
    "aiJobStartedAt" TIMESTAMPTZ(3),
    "aiJobFinishedAt" TIMESTAMPTZ(3),
    "inboundInBusinessHours" BOOLEAN,
    "setterResponseInBusinessHours" BOOLEAN,
    "aiResponseInBusinessHours" BOOLEAN,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ResponseTimingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BusinessHours_clientId_dayOfWeek_idx" ON "BusinessHours"("clientId", "dayOfWeek");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "ClientMember_userId_idx" ON "ClientMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ClientMember_clientId_userId_key" ON "ClientMember"("clientId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Session_token_key" ON "Session"("token");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE INDEX "Verification_identifier_idx" ON "Verification"("identifier");

-- CreateIndex
CREATE INDEX "Lead_clientId_lastInboundAt_idx" ON "Lead"("clientId", "lastInboundAt");

-- CreateIndex
CREATE INDEX "Lead_clientId_email_idx" ON "Lead"("clientId", "email");

-- CreateIndex
CREATE INDEX "Lead_clientId_phone_idx" ON "Lead"("clientId", "phone");

-- CreateIndex
CREATE INDEX "Lead_clientId_createdAt_idx" ON "Lead"("clientId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_clientId_ghlContactId_key" ON "Lead"("clientId", "ghlContactId");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_clientId_smartleadLeadId_key" ON "Lead"("clientId", "smartleadLeadId");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_clientId_instantlyLeadId_key" ON "Lead"("clientId", "instantlyLeadId");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_clientId_unipileAttendeeId_key" ON "Lead"("clientId", "unipileAttendeeId");

-- CreateIndex
CREATE UNIQUE INDEX "Message_webhookDedupeKey_key" ON "Message"("webhookDedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Message_ghlMessageId_key" ON "Message"("ghlMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "Message_smartleadMessageId_key" ON "Message"("smartleadMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "Message_instantlyEmailId_key" ON "Message"("instantlyEmailId");

-- CreateIndex
CREATE UNIQUE INDEX "Message_unipileMessageId_key" ON "Message"("unipileMessageId");

-- CreateIndex
CREATE INDEX "Message_leadId_channel_sentAt_idx" ON "Message"("leadId", "channel", "sentAt");

-- CreateIndex
CREATE INDEX "Message_clientId_sentAt_idx" ON "Message"("clientId", "sentAt");

-- CreateIndex
CREATE INDEX "Message_aiDraftId_idx" ON "Message"("aiDraftId");

-- CreateIndex
CREATE INDEX "Message_sentByUserId_idx" ON "Message"("sentByUserId");

-- CreateIndex
CREATE INDEX "AIDraft_leadId_idx" ON "AIDraft"("leadId");

-- CreateIndex
CREATE INDEX "AIDraft_clientId_createdAt_idx" ON "AIDraft"("clientId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AIDraft_triggerMessageId_channel_key" ON "AIDraft"("triggerMessageId", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "BackgroundJob_dedupeKey_key" ON "BackgroundJob"("dedupeKey");

-- CreateIndex
CREATE INDEX "BackgroundJob_status_runAt_idx" ON "BackgroundJob"("status", "runAt");

-- CreateIndex
CREATE INDEX "BackgroundJob_messageId_idx" ON "BackgroundJob"("messageId");

-- CreateIndex
CREATE INDEX "BackgroundJob_draftId_idx" ON "BackgroundJob"("draftId");

-- CreateIndex
CREATE INDEX "BackgroundJob_clientId_type_createdAt_idx" ON "BackgroundJob"("clientId", "type", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ResponseTimingEvent_inboundMessageId_key" ON "ResponseTimingEvent"("inboundMessageId");

-- CreateIndex
CREATE INDEX "ResponseTimingEvent_clientId_inboundSentAt_idx" ON "ResponseTimingEvent"("clientId", "inboundSentAt");

-- CreateIndex
CREATE INDEX "ResponseTimingEvent_leadId_channel_inboundSentAt_idx" ON "ResponseTimingEvent"("leadId", "channel", "inboundSentAt");

-- CreateIndex
CREATE INDEX "ResponseTimingEvent_setterSentByUserId_idx" ON "ResponseTimingEvent"("setterSentByUserId");

-- CreateIndex
CREATE INDEX "ResponseTimingEvent_clientId_aiChosenDelaySeconds_idx" ON "ResponseTimingEvent"("clientId", "aiChosenDelaySeconds");

-- AddForeignKey
ALTER TABLE "BusinessHours" ADD CONSTRAINT "BusinessHours_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientMember" ADD CONSTRAINT "ClientMember_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientMember" ADD CONSTRAINT "ClientMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_sentByUserId_fkey" FOREIGN KEY ("sentByUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_aiDraftId_fkey" FOREIGN KEY ("aiDraftId") REFERENCES "AIDraft"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AIDraft" ADD CONSTRAINT "AIDraft_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AIDraft" ADD CONSTRAINT "AIDraft_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AIDraft" ADD CONSTRAINT "AIDraft_triggerMessageId_fkey" FOREIGN KEY ("triggerMessageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackgroundJob" ADD CONSTRAINT "BackgroundJob_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackgroundJob" ADD CONSTRAINT "BackgroundJob_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackgroundJob" ADD CONSTRAINT "BackgroundJob_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackgroundJob" ADD CONSTRAINT "BackgroundJob_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "AIDraft"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseTimingEvent" ADD CONSTRAINT "ResponseTimingEvent_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseTimingEvent" ADD CONSTRAINT "ResponseTimingEvent_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseTimingEvent" ADD CONSTRAINT "ResponseTimingEvent_inboundMessageId_fkey" FOREIGN KEY ("inboundMessageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseTimingEvent" ADD CONSTRAINT "ResponseTimingEvent_setterSentByUserId_fkey" FOREIGN KEY ("setterSentByUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
