/**
 * Which backend answers a request: per-question, else the person's choice, else the server
 * default, else the configured default, else `local`. The channel policy is checked last and
 * always wins: in an open-only channel a closed backend is refused, wherever the choice came from.
 */
import { UserError } from '../core/errors.js';
import { policyChannelId, type RequestContext } from '../core/types.js';
import type { BackendRegistry } from './registry.js';
import type { ChannelPolicy, SettingsRepository } from './settings-repository.js';
import type { BackendEntry } from './types.js';

export type SelectionSource = 'question' | 'personal' | 'server' | 'config' | 'built-in';

export interface Selection {
  backend: BackendEntry;
  source: SelectionSource;
}

export class BackendSelection {
  constructor(
    private readonly registry: BackendRegistry,
    private readonly settings: SettingsRepository,
    private readonly configDefault: string = 'local',
  ) {}

  /** The backend the caller would get if they asked now, ignoring the channel policy. */
  async current(ctx: RequestContext, perQuestion?: string): Promise<Selection> {
    if (perQuestion?.trim()) return { backend: this.registry.get(perQuestion), source: 'question' };
    const personal = await this.settings.getUserBackend(ctx.guildId, ctx.userId);
    const personalEntry = personal ? this.registry.find(personal) : undefined;
    if (personalEntry) return { backend: personalEntry, source: 'personal' };
    const server = ctx.guildId ? await this.settings.getGuildDefault(ctx.guildId) : null;
    const serverEntry = server ? this.registry.find(server) : undefined;
    if (serverEntry) return { backend: serverEntry, source: 'server' };
    const configured = this.registry.find(this.configDefault);
    if (configured) return { backend: configured, source: 'config' };
    return { backend: this.registry.get('local'), source: 'built-in' };
  }

  /** `current` plus the channel policy: a closed backend in an open-only channel is a UserError. */
  async resolve(ctx: RequestContext, perQuestion?: string): Promise<Selection> {
    const selection = await this.current(ctx, perQuestion);
    await this.assertAllowed(ctx, selection.backend.name, selection.source);
    return selection;
  }

  /** Throws a UserError when the channel's policy forbids this backend (compare/arena reuse it). */
  async assertAllowed(ctx: RequestContext, backendName: string, source: SelectionSource = 'question'): Promise<void> {
    const entry = this.registry.get(backendName);
    if (entry.access !== 'closed') return;
    const policy = await this.settings.getChannelPolicy(policyChannelId(ctx));
    if (policy !== 'open-only') return;
    const origin =
      source === 'personal' ? ' (your personal choice from `/model use`)' : source === 'server' ? " (this server's default)" : source === 'config' ? ' (the configured default)' : '';
    throw new UserError(
      `This channel is open-models-only: \`${entry.name}\`${origin} is a closed model, so your question was not sent to it. ` +
        'Pick an open backend (for example `local` or an `ollama:` model) with `/ask backend:` or `/model use`, ' +
        'or ask someone with Manage Server to run `/model policy any` here.',
      'policy_refused',
    );
  }

  /** The policy where the caller is (a thread or forum post follows its parent channel). */
  async policy(ctx: Pick<RequestContext, 'channelId' | 'parentChannelId'>): Promise<ChannelPolicy> {
    return this.settings.getChannelPolicy(policyChannelId(ctx));
  }

  /** `/model use`: the caller's own choice (null clears it). Unknown or unconfigured names are refused. */
  async usePersonal(ctx: RequestContext, backendName: string | null): Promise<BackendEntry | null> {
    if (backendName === null) {
      await this.settings.setUserBackend(ctx.guildId, ctx.userId, null);
      return null;
    }
    const entry = await this.usable(backendName);
    await this.assertAllowed(ctx, entry.name);
    await this.settings.setUserBackend(ctx.guildId, ctx.userId, entry.name);
    return entry;
  }

  /** `/model default`: the server default (Manage Server). */
  async setServerDefault(ctx: RequestContext, backendName: string | null): Promise<BackendEntry | null> {
    requireAdmin(ctx, 'change the server default backend');
    if (!ctx.guildId) throw new UserError('A server default can only be set inside a server.', 'not_in_guild');
    if (backendName === null) {
      await this.settings.setGuildDefault(ctx.guildId, null, ctx.userId);
      return null;
    }
    const entry = await this.usable(backendName);
    await this.settings.setGuildDefault(ctx.guildId, entry.name, ctx.userId);
    return entry;
  }

  /** `/model policy`: per channel, threads included (Manage Server). */
  async setPolicy(ctx: RequestContext, policy: ChannelPolicy): Promise<void> {
    requireAdmin(ctx, 'change the channel policy');
    if (policy !== 'open-only' && policy !== 'any') throw new UserError('The channel policy is either `open-only` or `any`.', 'bad_policy');
    await this.settings.setChannelPolicy(ctx.guildId, policyChannelId(ctx), policy, ctx.userId);
  }

  /** Refuses what cannot work (not configured, a model not pulled); a host that is down now may be up later. */
  private async usable(backendName: string): Promise<BackendEntry> {
    const entry = this.registry.get(backendName);
    const problem = entry.available ? await entry.checkReady?.() : { reason: entry.unavailableReason ?? 'it is not configured', kind: 'unavailable' };
    if (problem?.kind === 'unavailable') throw new UserError(`\`${entry.name}\` is not available yet: ${problem.reason}.`, 'backend_unavailable');
    return entry;
  }
}

function requireAdmin(ctx: RequestContext, action: string): void {
  if (!ctx.isAdmin) throw new UserError(`Only members with the Manage Server permission can ${action}.`, 'forbidden');
}
