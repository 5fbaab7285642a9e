import { TestBed } from '@angular/core/testing';

import { setUpTestApp } from '../../../testing/test-app';
import { Home } from './home';

async function renderHome(groups: string[], denied?: string) {
  await setUpTestApp({ groups });
  const fixture = TestBed.createComponent(Home);
  if (denied) fixture.componentRef.setInput('denied', denied);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

function card(element: HTMLElement, title: string): HTMLElement {
  const found = [...element.querySelectorAll<HTMLElement>('li.card')].find((item) =>
    item.querySelector('h2')?.textContent?.includes(title),
  );
  if (!found) throw new Error(`no card ${title}`);
  return found;
}

describe('Home', () => {
  it('tells a ReadOnly user what the role may not do, and who may', async () => {
    const element = await renderHome(['ReadOnly']);
    const chat = card(element, 'Chat with Bedrock models');
    expect(chat.textContent).toContain('Not available to your role.');
    expect(chat.textContent).toContain('Members of Administrators or MLUsers may');
    expect(chat.querySelector('h2 a')).toBeNull();
    expect(card(element, 'SageMaker inference').textContent).toContain('Not available');
    expect(card(element, 'Model catalog').textContent).toContain('Not available');
  });

  it('links an MLUsers member to chat and SageMaker but not to the admin pages', async () => {
    const element = await renderHome(['MLUsers']);
    expect(
      card(element, 'Chat with Bedrock models').querySelector('h2 a')?.getAttribute('href'),
    ).toBe('/chat');
    expect(card(element, 'SageMaker inference').querySelector('h2 a')).not.toBeNull();
    expect(card(element, 'Model catalog').querySelector('h2 a')).toBeNull();
  });

  it('explains a page the guard just refused', async () => {
    const element = await renderHome(['MLUsers'], 'administer');
    expect(element.querySelector('[role=alert]')?.textContent).toContain(
      'Your role may not open “Model catalog (administrators)”',
    );
  });
});
