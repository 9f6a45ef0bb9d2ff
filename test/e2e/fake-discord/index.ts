/** The e2e harness: a fake Discord (REST v10 + gateway), payload factories, and startBot(). */
export { startFakeDiscord, type FakeDiscord, type RecordedRequest, type ApiMessage, type WaitOptions, type IdentifyRecord, type InjectedFailure } from './server.js';
export { slash, autocomplete, button, select, userMessage, mention, attachmentOption, type ApiAttachment, type OptionValues, type SlashOptions, type UserMessageOptions } from './payloads.js';
export { createWorld, type FakeUser, type FakeWorld } from './world.js';
export { startBot, REPO_KNOWLEDGE_DIR, type BotHarness, type StartBotOptions } from './start-bot.js';
export * from './assertions.js';
export { DISCORD_LIMITS, messageLimitViolations, autocompleteLimitViolations } from './limits.js';
export { snowflake } from './snowflake.js';
