{{- define "mini-store.secret" -}}
{{- required "existingSecret is required: the orchestrator must pre-create the credentials Secret" .Values.existingSecret -}}
{{- end -}}

{{- define "mini-store.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "mini-store.selector" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
