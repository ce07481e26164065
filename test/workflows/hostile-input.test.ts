/**
 * Hostile text at the workflow's door: what the typed API refuses before sending, what the update
 * validators refuse from a caller that skips the API (another SDK, `temporal workflow update`), and
 * what the API normalises. Each refusal is one line and leaves no trace in the history.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { SubmitDraftInput } from '../../domain/lifecycle';
import { logInformationExchange, submitDraft } from '../../workflows/definitions';
import { longAn } from '../support/lifecycle-harness';
import { expectRejected, lifecycleTestFile, startLifecycle } from '../support/scenario';

const { h } = lifecycleTestFile('hostile-input');

const ID = 'hostile-input';

test('hostile text is refused in one line with no trace in history, and accepted text arrives normalised', async () => {
  await h.withWorker(async () => {
    const { api, clock } = await startLifecycle(
      h,
      longAn((r) => (r.id = ID)),
    );
    await clock.advanceTo('2022-08-18T09:00');
    const handle = h.env.client.workflow.getHandle(ID);
    const raw = (input: unknown) => () => handle.executeUpdate(submitDraft, { args: [input as SubmitDraftInput] });
    const rejected = (call: () => Promise<unknown>, message: string) => expectRejected(h, ID, call, message);

    // Through the typed API (the CLI and the console use it): refused before anything is sent.
    await rejected(
      () => api.submitDraft(ID, { version: 'v1', link: 'https://ok.example/\r\nX: y' }),
      'link: "https://ok.example/\\r\\nX: y" contains a carriage return (\\r) at character 20: write it on one line',
    );
    await rejected(
      () => api.submitDraft(ID, { version: 'v1\r\nBcc: attacker@evil.example', link: 'https://ok.example/' }),
      'version: "v1\\r\\nBcc: attacker@evil.example" contains a carriage return (\\r) at character 3: write it on one line',
    );
    await rejected(
      () => api.submitDraft(ID, { version: 'v1', link: 'https://ok.example/', note: 'a\u0000b' }),
      'note: "a\\0b" contains a control character (\\0) at character 2: remove it',
    );
    await rejected(
      () => api.submitDraft(ID, { version: 'v1', link: 'https://ok.example/', versoin: 'v2' } as SubmitDraftInput),
      '`versoin`: unknown key; did you mean `version`?',
    );

    // Past the API, straight to the workflow: its validators apply the same rules.
    await rejected(
      raw({ version: 'v1\u202E', link: 'https://ok.example/' }),
      'version: "v1\\u202E" contains a bidirectional control (\\u202E) at character 3: retype it without the invisible character',
    );
    await rejected(
      raw({ version: 'v1', link: 'https://ok.example/', note: 'line one\rline two' }),
      'note: "line one\\rline two" contains a carriage return (\\r) at character 9: use plain line breaks',
    );
    await rejected(
      raw({ version: 'v1', link: 'javascript:alert(1)' }),
      'link: "javascript:" links are not allowed: give an http(s) URL, e.g. https://docs.example.org/draft-v2.pdf',
    );
    await rejected(
      raw({ version: 'v1', link: 'https://ok.example/', remarks: 'x' }),
      '`remarks`: unknown key: remove it, or use one of `version`, `link`, `sha256`, `note`, `submittedBy`',
    );
    await rejected(
      () =>
        handle.executeUpdate(logInformationExchange, {
          args: [{ from: 'tand', to: ['hdnd'], subject: 'Danh sách\nX-Injected: 1', summary: 'ok' }],
        }),
      'subject: "Danh sách\\nX-Injected: 1" contains a line break (\\n) at character 10: write it on one line',
    );
    // A value of the wrong type (a JavaScript caller, another SDK) is named with its field, not a crash.
    await rejected(
      () => api.submitDraft(ID, { version: 3 as unknown as string, link: 'https://ok.example/' }),
      'version: number 3 is not text: write it as a string',
    );
    await rejected(
      raw({ version: 'v1', link: ['https://ok.example/'] }),
      'link: a list is not text: write it as a string',
    );
    await rejected(
      () =>
        handle.executeUpdate(logInformationExchange, {
          args: [{ from: 'tand', to: 'hdnd' as unknown as string[], subject: 'Danh sách', summary: 'ok' }],
        }),
      'to: text is not a list: give a list (array), even of one item',
    );
    // No refusal message spans two lines.
    const err = await raw({ version: 'v1\r\nx', link: 'https://ok.example/' })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause?.message).not.toMatch(/[\r\n]/);

    // Accepted through the API: a one-line field trimmed, line breaks as \n, the link as its parsed href.
    await api.submitDraft(ID, {
      version: ' v1 ',
      link: 'https://Docs.Example.org/quy chế/v1.pdf',
      note: 'Dòng một\r\nDòng hai\rDòng ba',
    });
    const s = await api.liveStatus(ID);
    expect(s.drafts).toEqual([
      expect.objectContaining({
        version: 'v1',
        link: 'https://docs.example.org/quy%20ch%E1%BA%BF/v1.pdf',
        note: 'Dòng một\nDòng hai\nDòng ba',
      }),
    ]);
  });
});
