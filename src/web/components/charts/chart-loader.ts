// The chart library is loaded apart from the pages that draw with it. A page calls
// `preloadCharts()` as it starts fetching its data, so the library arrives alongside the data
// instead of before it (it is the largest part of the dashboard's code).
import { defineAsyncComponent } from 'vue';

const loadChart = () => import('./EChart.vue');

export const AsyncChart = defineAsyncComponent(loadChart);

export function preloadCharts(): void {
  // A failed load is the chart's to show when it renders; nothing to do here.
  loadChart().catch(() => undefined);
}
