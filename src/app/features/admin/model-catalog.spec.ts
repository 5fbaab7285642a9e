import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { ModelCatalog } from './model-catalog';

describe('ModelCatalog', () => {
  it('lists the models with limits and the groups the API reports, and which groups may call each route', async () => {
    await setUpTestApp({ groups: ['Administrators'] });
    const fixture = TestBed.createComponent(ModelCatalog);
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.inject(HttpTestingController)
      .expectOne(`${API_URL}/ml/models`)
      .flush({
        success: true,
        requestId: 'r',
        data: {
          models: [
            {
              id: 'local.summarizer',
              label: 'Summarizer',
              provider: 'bedrock',
              limits: { maxInputChars: 1000, maxOutputTokens: 200 },
              // The API adds who may use a model for Administrators only.
              access: { groups: ['Administrators'], claims: {} },
            },
          ],
        },
      });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const [modelTable, routeTable] = element.querySelectorAll('table');
    expect(modelTable.querySelector('tbody tr')?.textContent).toContain('local.summarizer');
    expect(modelTable.querySelector('tbody tr')?.textContent).toContain('maxInputChars: 1000');
    expect(modelTable.querySelector('tbody tr')?.textContent).toContain('Administrators');
    const chatRoute = [...routeTable.querySelectorAll('tbody tr')].find((row) =>
      row.textContent?.includes('POST /ml/bedrock/stream'),
    );
    expect(chatRoute?.textContent).toContain('Administrators, MLUsers');
  });
});
