/**
 * Passwordless sign-in: single-use links valid 15 minutes, mailed to an address that appears in a
 * running regulation's definition. Links live only in this process's memory (hashed), so a
 * restart voids the ones not used yet; the person simply asks again.
 */
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Client } from '@temporalio/client';
import type { Locale } from '../../domain/locale';
import type { Regulation } from '../../domain/regulation';

/** How long a sign-in link works. */
export const SIGN_IN_TTL_MS = 15 * 60_000;
/** How long a session lasts after sign-in. */
export const SESSION_TTL_MS = 8 * 3600_000;

const hash = (token: string): string => crypto.createHash('sha256').update(token).digest('base64url');

/** The outstanding sign-in links: token hash → address and expiry. */
export class SignInLinks {
  private readonly links = new Map<string, { email: string; exp: number }>();

  constructor(
    private readonly ttlMs = SIGN_IN_TTL_MS,
    private readonly max = 10_000,
  ) {}

  /** A fresh token for `email`. */
  issue(email: string, now = Date.now()): string {
    if (this.links.size >= this.max) this.sweep(now);
    const token = crypto.randomBytes(32).toString('base64url');
    this.links.set(hash(token), { email, exp: now + this.ttlMs });
    return token;
  }

  /** Whether the token would sign someone in now (without using it). */
  peek(token: string, now = Date.now()): boolean {
    const l = this.links.get(hash(token));
    return l !== undefined && now < l.exp;
  }

  /** Uses the token up: its address, or undefined if it is unknown, used or expired. */
  redeem(token: string, now = Date.now()): string | undefined {
    const key = hash(token);
    const l = this.links.get(key);
    this.links.delete(key);
    return l && now < l.exp ? l.email : undefined;
  }

  private sweep(now: number): void {
    for (const [k, l] of this.links) if (now >= l.exp) this.links.delete(k);
    if (this.links.size >= this.max) this.links.delete(this.links.keys().next().value as string);
  }
}

/** Sends one sign-in email; rejects if the SMTP server does not take it. */
export type SignInMailer = (to: string, link: string, lang: Locale) => Promise<void>;

/** A sign-in mailer over SMTP_URL through nodemailer. */
export function smtpSignInMailer(smtpUrl: string, from: string): SignInMailer & { close(): void } {
  const transport = nodemailer.createTransport({ url: smtpUrl });
  const send = async (to: string, link: string, lang: Locale): Promise<void> => {
    const t =
      lang === 'vi'
        ? {
            subject: 'Liên kết đăng nhập trang điều phối quy chế phối hợp',
            text: `Mở liên kết sau để đăng nhập (dùng được một lần, trong 15 phút):\n\n${link}\n\nNếu anh/chị không yêu cầu đăng nhập, xin bỏ qua thư này.`,
          }
        : {
            subject: 'Your sign-in link to the coordination regulation console',
            text: `Open this link to sign in (it works once, within 15 minutes):\n\n${link}\n\nIf you did not ask to sign in, ignore this email.`,
          };
    await transport.sendMail({
      from,
      to,
      subject: t.subject,
      text: t.text,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Mail-Kind': 'console-sign-in' },
    });
  };
  return Object.assign(send, { close: () => transport.close() });
}

/** A running lifecycle and its definition. */
export interface Listed {
  lifecycleId: string;
  regulation: Regulation;
}

/**
 * The running lifecycles and their definitions, from visibility and each lifecycle's start event;
 * cached for a few seconds so a page does not list the namespace on every request.
 */
export function runningRegulations(
  client: Client,
  regulationOf: (id: string) => Promise<Regulation | undefined>,
  ttlMs = 5000,
): () => Promise<Listed[]> {
  let cached: { at: number; list: Promise<Listed[]> } | undefined;
  const load = async (): Promise<Listed[]> => {
    const ids: string[] = [];
    for await (const w of client.workflow.list({ query: 'RegulationId IS NOT NULL AND ExecutionStatus="Running"' })) {
      // Review children carry the regulation id too; their parent is the lifecycle.
      if (!w.workflowId.includes('/') && !ids.includes(w.workflowId)) ids.push(w.workflowId);
    }
    const out = await Promise.all(
      ids.map(async (lifecycleId) => ({ lifecycleId, regulation: await regulationOf(lifecycleId) })),
    );
    return out
      .filter((l): l is Listed => l.regulation !== undefined)
      .sort((a, b) => a.lifecycleId.localeCompare(b.lifecycleId));
  };
  return () => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const list = load();
      cached = { at: Date.now(), list };
      list.catch(() => (cached = undefined));
    }
    return cached.list;
  };
}
