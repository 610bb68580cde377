{{/* The release's name prefix: "cer" gives cer-api, cer-worker, ... */}}
{{- define "cer.fullname" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "cer.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: trialsage-cer
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
trialsage.com/environment: {{ .Values.environment }}
{{- end -}}

{{/* Labels of one component's objects: (list $ "api") */}}
{{- define "cer.componentLabels" -}}
{{- $root := index . 0 -}}
{{ include "cer.labels" $root }}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Selector labels of one component: (list $ "api") */}}
{{- define "cer.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end -}}

{{- define "cer.secretName" -}}
{{- if .Values.secrets.create -}}{{ include "cer.fullname" . }}-secrets{{- else -}}{{ .Values.secrets.existingSecret }}{{- end -}}
{{- end -}}

{{- define "cer.image" -}}
{{- printf "%s/%s:%s" .registry .image.repository .image.tag -}}
{{- end -}}

{{/* Environment shared by the API and the workers. */}}
{{- define "cer.env" -}}
- name: JWT_SECRET
  valueFrom:
    secretKeyRef: { name: {{ include "cer.secretName" . }}, key: jwt_secret }
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ include "cer.secretName" . }}, key: database_url }
- name: REDIS_URL
  valueFrom:
    secretKeyRef: { name: {{ include "cer.secretName" . }}, key: redis_url }
- name: OPENAI_API_KEY
  valueFrom:
    secretKeyRef: { name: {{ include "cer.secretName" . }}, key: openai_api_key }
{{- end -}}
