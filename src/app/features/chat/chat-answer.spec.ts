import { TestBed } from '@angular/core/testing';

import { ChatAnswer } from './chat-answer';
import { startExchange } from './conversation';

async function render(
  answer: string,
  usage: Parameters<ReturnType<typeof startExchange>['usage']['set']>[0] = {
    inputTokens: 5,
    outputTokens: 7,
  },
) {
  const exchange = startExchange('prompt', 'Echo');
  exchange.answer.set(answer);
  exchange.status.set('done');
  exchange.usage.set(usage);
  exchange.latencyMs.set(120);
  const fixture = TestBed.createComponent(ChatAnswer);
  fixture.componentRef.setInput('exchange', exchange);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('ChatAnswer', () => {
  it('renders Markdown, tokens and latency', async () => {
    const element = await render('**bold** and `code`\n\n- item');
    const markdown = element.querySelector('.markdown');
    expect(markdown?.querySelector('strong')?.textContent).toBe('bold');
    expect(markdown?.querySelector('li')?.textContent).toBe('item');
    expect(element.querySelector('[data-testid=usage]')?.textContent).toContain(
      '5 input · 7 output tokens',
    );
    expect(element.querySelector('[data-testid=latency]')?.textContent).toContain('120 ms');
  });

  it('shows prompt-cache tokens when the model read or wrote its cache', async () => {
    const cached = await render('hi', {
      inputTokens: 5,
      outputTokens: 7,
      cacheReadTokens: 1024,
      cacheWriteTokens: 0,
    });
    expect(cached.querySelector('[data-testid=usage]')?.textContent?.trim()).toBe(
      '5 input · 7 output tokens · 1024 read from cache',
    );
    const plain = await render('hi');
    expect(plain.querySelector('[data-testid=usage]')?.textContent).not.toContain('cache');
  });

  it('model output cannot inject script or event handlers', async () => {
    const element = await render(
      'Hi <img src=x onerror="alert(1)"> <script>alert(2)</script> [link](javascript:alert(3)) ' +
        '<a href="javascript:alert(4)">x</a> <svg onload="alert(5)"></svg> <iframe src="https://evil.example"></iframe>',
    );
    const markdown = element.querySelector('.markdown') as HTMLElement;
    expect(markdown.querySelector('script, iframe, svg')).toBeNull();
    const withHandlers = [...markdown.querySelectorAll('*')].filter((node) =>
      [...node.attributes].some((attribute) => attribute.name.startsWith('on')),
    );
    expect(withHandlers).toEqual([]);
    for (const link of markdown.querySelectorAll('a')) {
      expect(link.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    }
    expect(markdown.innerHTML).not.toContain('alert(2)');
    expect(markdown.textContent).toContain('Hi');
  });

  it('model output cannot pose as the app, load remote images or hide a link target', async () => {
    const element = await render(
      '<p class="error-alert" role="alert" style="color:red">Session expired</p>\n\n' +
        '![pixel](https://evil.example/p.gif) [Your bank](https://evil.example/login)',
    );
    const markdown = element.querySelector('.markdown') as HTMLElement;
    expect(markdown.querySelector('[class], [role], [style]')).toBeNull();
    expect(markdown.querySelector('img')).toBeNull();
    const link = markdown.querySelector('a');
    // Angular's sanitizer runs after DOMPurify and keeps the link attributes.
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(markdown.textContent).toContain('[image: pixel] Your bank (https://evil.example/login)');
  });

  it('copies the answer text', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const element = await render('copy me');
    (element.querySelector('button.copy') as HTMLButtonElement).click();
    await Promise.resolve();
    expect(writeText).toHaveBeenCalledWith('copy me');
  });
});

describe('ChatAnswer: masked values', () => {
  it('offers "Show masked values" only when the policy returned some, and restores them on request', async () => {
    const exchange = startExchange('mail jane@example.com', 'Echo');
    exchange.answer.set('I will write to [EMAIL_1] and [EMAIL_2].');
    exchange.status.set('done');
    const fixture = TestBed.createComponent(ChatAnswer);
    fixture.componentRef.setInput('exchange', exchange);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const toggle = () => element.querySelector<HTMLButtonElement>('[data-testid=masked-values]');
    expect(toggle()).toBeNull();

    exchange.maskedValues.set({ '[EMAIL_1]': 'jane@example.com', '[EMAIL_2]': 'a+b@example.org' });
    await fixture.whenStable();
    expect(toggle()?.textContent?.trim()).toBe('Show masked values (2)');
    expect(toggle()?.getAttribute('aria-pressed')).toBe('false');
    const markdown = () => element.querySelector('.markdown')?.textContent ?? '';
    expect(markdown()).toContain('[EMAIL_1]');

    toggle()!.click();
    await fixture.whenStable();
    expect(markdown()).toContain('I will write to jane@example.com and a+b@example.org.');
    expect(toggle()?.getAttribute('aria-pressed')).toBe('true');
    // What is kept (copied, saved, sent next turn) keeps the placeholders.
    expect(exchange.answer()).toBe('I will write to [EMAIL_1] and [EMAIL_2].');

    toggle()!.click();
    await fixture.whenStable();
    expect(markdown()).toContain('[EMAIL_2]');
  });
});
