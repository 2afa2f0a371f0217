import { BarController, BarElement, CategoryScale, Chart, LinearScale } from 'chart.js'
import { createEffect, onCleanup, onMount } from 'solid-js'

// Only what the dashboard draws (bars on a category and a linear axis), registered once: chart.js is tree-shaken
// to these, and no tooltip or legend plugin is loaded (every chart has its numbers in a table beside it).
let registered = false
function register() {
  if (registered) return
  Chart.register(BarController, BarElement, CategoryScale, LinearScale)
  registered = true
}

export type BarChartProps = {
  /** An array draws as several lines. */
  labels: (string | string[])[]
  values: number[]
  /** What the chart shows, for screen readers (the canvas itself is invisible to them). */
  label: string
  horizontal?: boolean
  /** Fixed end of the value axis (e.g. 100 for percentages). */
  max?: number
  testId?: string
}

/** A bar chart on a canvas; redraws when labels or values change, and is destroyed with its component. */
export function BarChart(props: BarChartProps) {
  let canvas!: HTMLCanvasElement
  let chart: Chart<'bar'> | undefined

  onMount(() => {
    register()
    const css = getComputedStyle(document.documentElement)
    const color = css.getPropertyValue('--brand').trim() || '#0b5d3b'
    const grid = css.getPropertyValue('--line').trim() || '#d8dde3'
    chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: props.labels, datasets: [{ data: props.values, backgroundColor: color, borderRadius: 3, maxBarThickness: 36 }] },
      options: {
        indexAxis: props.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { grid: { color: grid }, ticks: { autoSkip: true, maxRotation: 0 }, ...(props.horizontal && props.max !== undefined ? { min: 0, max: props.max } : {}) },
          y: { grid: { color: grid }, beginAtZero: true, ...(!props.horizontal && props.max !== undefined ? { max: props.max } : {}), ...(!props.horizontal ? { ticks: { precision: 0 } } : {}) },
        },
      },
    })
  })

  createEffect(() => {
    const labels = props.labels
    const values = props.values
    if (!chart) return
    chart.data.labels = labels
    chart.data.datasets[0]!.data = values
    chart.update()
  })

  onCleanup(() => chart?.destroy())

  return (
    <div class="dash-chart">
      <canvas ref={canvas} role="img" aria-label={props.label} data-testid={props.testId} />
    </div>
  )
}
