{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "clusterdeck.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Fully qualified app name: the release name, or release-chart when the release name lacks the chart name. */}}
{{- define "clusterdeck.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* What the Deployment, Service and PodDisruptionBudget select on: only the app's pods carry both. */}}
{{- define "clusterdeck.selectorLabels" -}}
app.kubernetes.io/name: {{ include "clusterdeck.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "clusterdeck.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "clusterdeck.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
Labels of the migration Job and its pods: the release and component, but not the app's selector
labels (a Job pod matched by the Deployment/Service/PDB selectors would stall node drains and
receive traffic or `kubectl exec deploy/...`).
*/}}
{{- define "clusterdeck.migrateLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ printf "%s-migrate" (include "clusterdeck.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: migrate
app.kubernetes.io/part-of: {{ include "clusterdeck.name" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
ServiceAccount of the migration hook Job: the configured one when the chart does not create it;
otherwise a hook ServiceAccount (templates/migrate-serviceaccount.yaml, same annotations), because
the chart's own ServiceAccount does not exist yet when a pre-upgrade hook of a renamed release or a
first install runs.
*/}}
{{- define "clusterdeck.migrateServiceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- printf "%s-migrate" (include "clusterdeck.serviceAccountName" .) | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- include "clusterdeck.serviceAccountName" . -}}
{{- end -}}
{{- end -}}

{{- define "clusterdeck.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "clusterdeck.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding DATABASE_URL, ENCRYPTION_KEY, NEXTAUTH_SECRET and the optional secrets. */}}
{{- define "clusterdeck.secretName" -}}
{{- default (include "clusterdeck.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{/*
A value of the chart's Secret as a string. YAML numbers reach the engine as float64 and would be
written as 1.23456789e+08, so an unquoted number is refused (--set passes integers exactly).
Call with (list "name" value).
*/}}
{{- define "clusterdeck.secretValue" -}}
{{- $v := index . 1 -}}
{{- if kindIs "float64" $v -}}
{{- fail (printf "secrets.%s is a number in YAML; quote it so it is kept exactly" (index . 0)) -}}
{{- end -}}
{{- $v | toString -}}
{{- end -}}

{{- define "clusterdeck.image" -}}
{{- /* toString: a numeric tag (tag: 42 in YAML, --set image.tag=42) is a number to the template engine */ -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) -}}
{{- end -}}


{{/* Environment shared by the Deployment and the migration Job. */}}
{{- define "clusterdeck.env" -}}
- name: NODE_ENV
  value: production
- name: PORT
  value: "3000"
- name: DATA_DIR
  value: /data
- name: CLUSTERDECK_DEMO
  value: "false"
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: SYNC_INTERVAL_SECONDS
  {{- /* int: YAML numbers are float64 to the engine, and 1000000 would print as 1e+06 */}}
  value: {{ .Values.config.syncIntervalSeconds | int | toString | quote }}
- name: PROVIDER_MAX_RESPONSE_BYTES
  value: {{ .Values.config.providerMaxResponseBytes | int | toString | quote }}
- name: TRUST_PROXY_HOPS
  {{- if eq (toString .Values.config.trustProxyHops) "" }}
  value: {{ ternary "1" "0" .Values.ingress.enabled | quote }}
  {{- else }}
  value: {{ .Values.config.trustProxyHops | int | toString | quote }}
  {{- end }}
{{- with .Values.config.nextauthUrl }}
- name: NEXTAUTH_URL
  value: {{ . | quote }}
{{- end }}
{{- with .Values.config.allowedProviderHosts }}
- name: ALLOWED_PROVIDER_HOSTS
  value: {{ . | quote }}
{{- end }}
- name: OIDC_NAME
  value: {{ .Values.config.oidcName | quote }}
- name: OIDC_SCOPES
  value: {{ .Values.config.oidcScopes | quote }}
- name: OIDC_GROUPS_CLAIM
  value: {{ .Values.config.oidcGroupsClaim | quote }}
{{- with .Values.config.oidcGroupMappings }}
- name: OIDC_GROUP_MAPPINGS
  value: {{ . | quote }}
{{- end }}
{{- with .Values.config.bootstrapAdminEmail }}
- name: BOOTSTRAP_ADMIN_EMAIL
  value: {{ . | quote }}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "clusterdeck.secretName" . }}
      key: DATABASE_URL
- name: ENCRYPTION_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "clusterdeck.secretName" . }}
      key: ENCRYPTION_KEY
- name: NEXTAUTH_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "clusterdeck.secretName" . }}
      key: NEXTAUTH_SECRET
{{- range (list "ENCRYPTION_KEYS_OLD" "OIDC_ISSUER" "OIDC_CLIENT_ID" "OIDC_CLIENT_SECRET" "METRICS_TOKEN" "BOOTSTRAP_ADMIN_PASSWORD") }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ include "clusterdeck.secretName" $ }}
      key: {{ . }}
      optional: true
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
