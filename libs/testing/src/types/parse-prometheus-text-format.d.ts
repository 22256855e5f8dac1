/** The parser the metrics tests read /metrics with (it ships no types). */
declare module 'parse-prometheus-text-format' {
  interface Sample { value?: string; count?: string; sum?: string; buckets?: Record<string, string>; labels?: Record<string, string> }
  interface Family { name: string; help: string; type: string; metrics: Sample[] }
  export default function parsePrometheusTextFormat(text: string): Family[];
}
