// Helpers of the smart-grid journeys (grid-worker, department): generated photos, the type picker.
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';

/** A small generated PNG of one colour with a stripe, like a photo from the camera. */
export function photo(r: number, g: number, b: number, width = 96, height = 72): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const stripe = Math.abs(x - y) < 6;
      png.data[i] = stripe ? 255 - r : r;
      png.data[i + 1] = stripe ? 255 - g : g;
      png.data[i + 2] = stripe ? 255 - b : b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Choose a leaf type by searching the catalogue. */
export async function pickType(page: Page, search: string) {
  await page.getByTestId('type-picker').click();
  await page.getByTestId('type-search').locator('input').or(page.locator('input[data-testid=type-search]')).first().fill(search);
  await page.locator('[data-testid=type-option][data-leaf=true]').first().click();
  await page.getByTestId('type-drawer').waitFor({ state: 'hidden' });
}

