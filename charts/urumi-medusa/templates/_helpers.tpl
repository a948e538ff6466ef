{{/*
Helpers of the urumi-medusa chart. Every template name is namespaced "urumi-medusa.". The shape
follows charts/urumi-store on purpose: same labels, same guardrails, same Secret contract.
*/}}

{{- define "urumi-medusa.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "urumi-medusa.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name: the release, which is the store name (at most 30 characters). */}}
{{- define "urumi-medusa.fullname" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "urumi-medusa.medusa.fullname" -}}{{ include "urumi-medusa.fullname" . }}-medusa{{- end -}}
{{- define "urumi-medusa.storefront.fullname" -}}{{ include "urumi-medusa.fullname" . }}-storefront{{- end -}}
{{- define "urumi-medusa.postgresql.fullname" -}}{{ include "urumi-medusa.fullname" . }}-postgresql{{- end -}}
{{- define "urumi-medusa.redis.fullname" -}}{{ include "urumi-medusa.fullname" . }}-redis{{- end -}}
{{- define "urumi-medusa.setup.fullname" -}}{{ include "urumi-medusa.fullname" . }}-setup{{- end -}}
{{- define "urumi-medusa.serviceAccountName" -}}{{ include "urumi-medusa.fullname" . }}{{- end -}}
{{- define "urumi-medusa.tlsSecretName" -}}{{ include "urumi-medusa.fullname" . }}-tls{{- end -}}

{{- define "urumi-medusa.secretName" -}}
{{- required "existingSecret is required: set it to the name of the credentials Secret the orchestrator creates before install (keys admin-email, admin-password, db-password, jwt-secret, cookie-secret). This chart never generates or defaults a password." .Values.existingSecret -}}
{{- end -}}

{{- define "urumi-medusa.host" -}}
{{- required "store.host is required: the public host name the store's Ingress answers." .Values.store.host -}}
{{- end -}}

{{/* http or https, as the shop is reached from outside; production without TLS is refused. */}}
{{- define "urumi-medusa.scheme" -}}
{{- if and (ne .Values.store.environment "local") (not .Values.ingress.tls.enabled) -}}
{{- fail "store.environment=production needs ingress.tls.enabled=true: Medusa's admin session cookie is secure in production and would never be sent over plain HTTP." -}}
{{- end -}}
{{- if .Values.ingress.tls.enabled -}}https{{- else -}}http{{- end -}}
{{- end -}}

{{- define "urumi-medusa.url" -}}
{{ include "urumi-medusa.scheme" . }}://{{ include "urumi-medusa.host" . }}
{{- end -}}

{{/* The Urumi labels, derived exactly as Urumi.Domain StoreNaming.CommonLabels(engine, plan) does. */}}
{{- define "urumi-medusa.storeLabels" -}}
{{- $name := required "store.name is required: the store name (also the release name)." .Values.store.name -}}
{{- dict
    "app.kubernetes.io/instance" .Release.Name
    "app.kubernetes.io/part-of" "urumi"
    "urumi.io/store" $name
    "urumi.io/engine" .Values.store.engine
    "urumi.io/plan" .Values.store.plan
  | toYaml -}}
{{- end -}}

{{/* All labels of one component's object. Call with (dict "ctx" $ "component" "medusa"). */}}
{{- define "urumi-medusa.labels" -}}
{{- $ctx := .ctx -}}
{{- $derived := include "urumi-medusa.storeLabels" $ctx | fromYaml -}}
{{- $_ := set $derived "app.kubernetes.io/name" (include "urumi-medusa.name" $ctx) -}}
{{- $_ := set $derived "app.kubernetes.io/component" .component -}}
{{- $_ := set $derived "app.kubernetes.io/managed-by" $ctx.Release.Service -}}
{{- $_ := set $derived "app.kubernetes.io/version" ($ctx.Chart.AppVersion | toString) -}}
{{- $_ := set $derived "helm.sh/chart" (include "urumi-medusa.chart" $ctx) -}}
{{- $all := merge $derived (deepCopy ($ctx.Values.commonLabels | default dict)) -}}
{{- toYaml $all -}}
{{- end -}}

{{/* Stable selector labels (immutable on Deployments/StatefulSets: no plan, no version). */}}
{{- define "urumi-medusa.selectorLabels" -}}
{{- $ctx := .ctx -}}
app.kubernetes.io/name: {{ include "urumi-medusa.name" $ctx }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "urumi-medusa.image" -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end -}}

{{/* Pod-level settings every store pod shares: its own account without an API token, no service links. */}}
{{- define "urumi-medusa.podBasics" -}}
serviceAccountName: {{ include "urumi-medusa.serviceAccountName" . }}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with .Values.images.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . | quote }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Pod security context for a non-root user id. Call with the uid. */}}
{{- define "urumi-medusa.podSecurityContext" -}}
runAsUser: {{ . }}
runAsGroup: {{ . }}
runAsNonRoot: true
fsGroup: {{ . }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container security context: non-root, no privilege escalation, no capabilities, read-only root. */}}
{{- define "urumi-medusa.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
readOnlyRootFilesystem: true
{{- end -}}

{{/* env var from the credentials Secret. Call with (list $ "ENV_NAME" "secret-key"). */}}
{{- define "urumi-medusa.secretEnv" -}}
{{- $ctx := index . 0 -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ include "urumi-medusa.secretName" $ctx }}
      key: {{ index . 2 }}
{{- end -}}

{{/*
The Medusa server's environment, shared by the Deployment and the setup Job. DATABASE_URL is
composed by Kubernetes from DB_PASSWORD ($(VAR) expansion), so the password never appears in a
rendered manifest.
*/}}
{{- define "urumi-medusa.medusaEnv" -}}
{{ include "urumi-medusa.secretEnv" (list . "DB_PASSWORD" "db-password") }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DB_PASSWORD)@%s:5432/%s?sslmode=disable" .Values.postgresql.user (include "urumi-medusa.postgresql.fullname" .) .Values.postgresql.database | quote }}
- name: REDIS_URL
  value: {{ printf "redis://%s:6379" (include "urumi-medusa.redis.fullname" .) | quote }}
{{ include "urumi-medusa.secretEnv" (list . "JWT_SECRET" "jwt-secret") }}
{{ include "urumi-medusa.secretEnv" (list . "COOKIE_SECRET" "cookie-secret") }}
- name: MEDUSA_BACKEND_URL
  value: {{ include "urumi-medusa.url" . | quote }}
- name: STORE_CORS
  value: {{ include "urumi-medusa.url" . | quote }}
- name: ADMIN_CORS
  value: {{ include "urumi-medusa.url" . | quote }}
- name: AUTH_CORS
  value: {{ include "urumi-medusa.url" . | quote }}
- name: NODE_ENV
  value: {{ if eq .Values.store.environment "local" }}development{{ else }}production{{ end }}
{{- end -}}

{{/* Quantity arithmetic for the quota: CPU in millicores, memory and storage in MiB (rounded up). */}}
{{- define "urumi-medusa.milliCpu" -}}
{{- $q := toString . -}}
{{- if hasSuffix "m" $q -}}
{{- trimSuffix "m" $q | int64 -}}
{{- else -}}
{{- mulf (float64 $q) 1000 | ceil | int64 -}}
{{- end -}}
{{- end -}}

{{- define "urumi-medusa.mebibytes" -}}
{{- $q := toString . -}}
{{- $units := list (list "Ki" 0.0009765625) (list "Mi" 1.0) (list "Gi" 1024.0) (list "Ti" 1048576.0) (list "k" 0.00095367431640625) (list "M" 0.95367431640625) (list "G" 953.67431640625) (list "T" 953674.31640625) -}}
{{- $result := "" -}}
{{- range $units -}}
{{- if and (eq $result "") (hasSuffix (index . 0) $q) -}}
{{- $result = mulf (float64 (trimSuffix (index . 0) $q)) (index . 1) | ceil | int64 | toString -}}
{{- end -}}
{{- end -}}
{{- if eq $result "" -}}
{{- $result = divf (float64 $q) 1048576.0 | ceil | int64 | toString -}}
{{- end -}}
{{- $result -}}
{{- end -}}

{{/* Content hash of everything that shapes the setup Job, so a changed Job gets a new name. */}}
{{- define "urumi-medusa.setupRevision" -}}
{{- $files := "" -}}
{{- range $path, $_ := .Files.Glob "files/*" -}}
{{- $files = printf "%s\n%s\n%s" $files $path ($.Files.Get $path) -}}
{{- end -}}
{{- printf "%s\n%s\n%s" .Chart.Version (toJson .Values) $files | sha256sum | trunc 8 -}}
{{- end -}}

{{/*
Labels of a StatefulSet's volume claim templates: the common labels without those an upgrade changes
(plan, chart and app version). The templates are immutable, so a label that changes would refuse every upgrade.
*/}}
{{- define "urumi-medusa.claimLabels" -}}
{{- $all := include "urumi-medusa.labels" . | fromYaml -}}
{{- $_ := unset $all "urumi.io/plan" -}}
{{- $_ := unset $all "helm.sh/chart" -}}
{{- $_ := unset $all "app.kubernetes.io/version" -}}
{{- toYaml $all -}}
{{- end -}}
