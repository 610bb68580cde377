{{- define "ssr.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: synthetic-consumer-ssr
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
{{- end -}}

{{/* (list $ "api"): the selector of one component, as the guide's `app: ssr-api`. */}}
{{- define "ssr.selector" -}}
app: {{ printf "%s-%s" (index . 0).Release.Name (index . 1) }}
{{- end -}}

{{- define "ssr.podSecurity" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/* The environment the API and the workers read from the guide's ssr-secrets. */}}
{{- define "ssr.secretEnv" -}}
- name: OPENAI_API_KEY
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.name }}, key: openai-api-key } }
- name: GOOGLE_API_KEY
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.name }}, key: google-api-key, optional: true } }
- name: DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.name }}, key: database-url } }
- name: REDIS_URL
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.name }}, key: redis-url } }
- name: API_KEYS
  valueFrom: { secretKeyRef: { name: {{ .Values.secrets.name }}, key: api-keys } }
{{- end -}}
