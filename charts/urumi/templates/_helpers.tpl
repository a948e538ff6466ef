{{/*
Helpers of the urumi platform chart. Every template name is namespaced "urumi.".
*/}}

{{- define "urumi.fullname" -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "urumi.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "urumi.labels" -}}
app.kubernetes.io/name: urumi
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "urumi.chart" . }}
{{- end -}}

{{/* The pod selector: stable across upgrades. */}}
{{- define "urumi.selectorLabels" -}}
app.kubernetes.io/name: urumi
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end -}}

{{/* Cluster-scoped names carry the release namespace: two installs in two namespaces do not collide. */}}
{{- define "urumi.clusterRoleName" -}}
{{- printf "%s-%s-provisioner" .Release.Namespace (include "urumi.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
