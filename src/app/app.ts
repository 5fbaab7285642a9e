import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

/** The application shell: header and the routed feature page. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="app-header">
      <span class="brand">ML Gateway</span>
    </header>
    <main id="main">
      <router-outlet />
    </main>
  `,
  styles: `
    .app-header {
      display: flex;
      align-items: center;
      padding: 0.75rem 1rem;
      background: var(--color-primary);
      color: #fff;
    }
    .brand {
      font-weight: 600;
      font-size: 1.125rem;
    }
    main {
      padding: 1rem;
      max-width: 72rem;
      margin: 0 auto;
    }
  `,
})
export class App {}
