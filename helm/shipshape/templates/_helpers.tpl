{{- define "shipshape.labels" -}}
app.kubernetes.io/name: shipshape
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "shipshape.selectorLabels" -}}
app.kubernetes.io/name: shipshape
app.kubernetes.io/component: operator
{{- end }}

{{- define "shipshape.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end }}

{{- define "shipshape.tlsMode" -}}
{{- $mode := .Values.tls.mode -}}
{{- if not (has $mode (list "self-managed" "secret" "cert-manager")) -}}
{{- fail (printf "tls.mode must be self-managed, secret or cert-manager, not %q" $mode) -}}
{{- end -}}
{{- $mode -}}
{{- end }}

{{- define "shipshape.excludedNamespaces" -}}
{{- $excluded := list .Release.Namespace "kube-system" -}}
{{- range .Values.webhook.excludedNamespaces }}{{ $excluded = append $excluded . }}{{ end -}}
{{- $excluded | uniq | toJson -}}
{{- end }}

{{/* The plural of a declared workload kind: as given, or the kind in lower case with an "s". */}}
{{- define "shipshape.workloadKindPlural" -}}
{{- .plural | default (printf "%ss" (lower .kind)) -}}
{{- end }}

{{/* shipshape.workload-kinds: GROUP/VERSION/KIND:PLURAL=TEMPLATE_PATH[;batch], comma-separated. */}}
{{- define "shipshape.workloadKinds" -}}
{{- $declarations := list -}}
{{- range .Values.workloadKinds -}}
{{- $declarations = append $declarations (printf "%s/%s/%s:%s=%s%s" .group .version .kind (include "shipshape.workloadKindPlural" .) .templatePath (ternary ";batch" "" (default false .batch))) -}}
{{- end -}}
{{- join "," $declarations -}}
{{- end }}
