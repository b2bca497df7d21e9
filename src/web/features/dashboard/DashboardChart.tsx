import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
// The core and the charts the dashboard draws only: the full echarts bundle is several times larger.
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { GeoFeatureCollectionDto } from '../../../shared/dashboard.ts';

echarts.use([
  MapChart,
  BarChart,
  LineChart,
  PieChart,
  GaugeChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** The big screen's background, also behind its PNGs (the dark theme's text is unreadable on white). */
export const DARK_BACKGROUND = '#0b1526';

/** What a chart's PNG button asks of it. */
export interface DashboardChartHandle {
  /** A PNG data URL of the chart as drawn, on an opaque background; null before the chart exists. */
  getDataURL(): string | null;
}

/** The params of an ECharts click the dashboard reads (the clicked item's own data object included). */
export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex?: number;
  seriesType?: string;
  data?: unknown;
}

/**
 * Registers the child areas' shapes under a name once; a map series refers to it by that name. GeoJSON
 * from our own API: nothing is fetched from outside.
 */
export function registerAreaMap(name: string, geo: GeoFeatureCollectionDto): void {
  if (echarts.getMap(name)) return;
  echarts.registerMap(name, geo as unknown as Parameters<typeof echarts.registerMap>[1]);
}

/**
 * An ECharts chart that follows its container's width, in the light or the dark ('dark', the big
 * screen) theme, with a handle for the PNG export.
 */
export function DashboardChart({
  option,
  height,
  dark = false,
  onClick,
  ref,
}: {
  option: echarts.EChartsCoreOption;
  height: number;
  dark?: boolean;
  onClick?(params: ChartClick): void;
  ref?: Ref<DashboardChartHandle>;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const latestOption = useRef(option);
  latestOption.current = option;
  const clickHandler = useRef(onClick);
  clickHandler.current = onClick;

  useImperativeHandle(
    ref,
    () => ({
      getDataURL: () =>
        chart.current?.getDataURL({
          type: 'png',
          pixelRatio: 2,
          backgroundColor: dark ? DARK_BACKGROUND : '#ffffff',
        }) ?? null,
    }),
    [dark],
  );

  // The theme is fixed at init, so a theme change builds a new instance.
  useEffect(() => {
    if (!element.current) return undefined;
    const instance = echarts.init(element.current, dark ? 'dark' : undefined);
    chart.current = instance;
    instance.setOption(
      dark ? { backgroundColor: 'transparent', ...latestOption.current } : latestOption.current,
      { notMerge: true },
    );
    instance.on('click', (params) => {
      const p = params as unknown as ChartClick;
      clickHandler.current?.(p);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption(dark ? { backgroundColor: 'transparent', ...option } : option, {
      notMerge: true,
    });
  }, [option, dark]);

  return <div ref={element} style={{ height, width: '100%', cursor: onClick ? 'pointer' : undefined }} />;
}

/** Saves a data URL as a file (the browser's download, no server round trip). */
export function downloadDataUrl(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
