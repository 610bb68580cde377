{{- define "postgresql.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Services and workloads are named after the release unless it already says postgres. */}}
{{- define "postgresql.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains "postgres" .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "postgresql.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "postgresql.selectorLabels" -}}
app.kubernetes.io/name: {{ include "postgresql.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "postgresql.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "postgresql.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tethral
{{- end }}

{{- define "postgresql.secretName" -}}
{{- default (printf "%s-auth" (include "postgresql.fullname" .)) .Values.auth.existingSecret }}
{{- end }}

{{- define "postgresql.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
One StatefulSet for a role. Called with a dict: root (the chart context), role (primary or
read), replicas, resources, persistence.
*/}}
{{- define "postgresql.statefulset" -}}
{{- $root := .root }}
{{- $fullname := include "postgresql.fullname" $root }}
{{- $name := ternary $fullname (printf "%s-read" $fullname) (eq .role "primary") }}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "postgresql.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .role }}
spec:
  replicas: {{ .replicas }}
  serviceName: {{ $fullname }}-hl
  podManagementPolicy: OrderedReady
  selector:
    matchLabels:
      {{- include "postgresql.selectorLabels" $root | nindent 6 }}
      app.kubernetes.io/component: {{ .role }}
  template:
    metadata:
      labels:
        {{- include "postgresql.selectorLabels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .role }}
    spec:
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- if eq $root.Values.architecture "replication" }}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector:
                  matchLabels:
                    {{- include "postgresql.selectorLabels" $root | nindent 20 }}
                topologyKey: kubernetes.io/hostname
      {{- end }}
      containers:
        - name: postgresql
          image: {{ include "postgresql.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: tcp-postgresql
              containerPort: {{ $root.Values.port }}
          env:
            - name: POSTGRESQL_PORT_NUMBER
              value: {{ $root.Values.port | quote }}
            - name: POSTGRESQL_DATABASE
              value: {{ $root.Values.auth.database | quote }}
            - name: POSTGRESQL_USERNAME
              value: {{ $root.Values.auth.username | quote }}
            - name: POSTGRESQL_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "postgresql.secretName" $root }}
                  key: password
            - name: POSTGRESQL_POSTGRES_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "postgresql.secretName" $root }}
                  key: postgres-password
            {{- if eq $root.Values.architecture "replication" }}
            - name: POSTGRESQL_REPLICATION_MODE
              value: {{ ternary "master" "slave" (eq .role "primary") }}
            - name: POSTGRESQL_REPLICATION_USER
              value: repl_user
            - name: POSTGRESQL_REPLICATION_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "postgresql.secretName" $root }}
                  key: replication-password
            {{- if ne .role "primary" }}
            - name: POSTGRESQL_MASTER_HOST
              value: {{ $fullname }}
            - name: POSTGRESQL_MASTER_PORT_NUMBER
              value: {{ $root.Values.port | quote }}
            {{- end }}
            {{- end }}
          readinessProbe:
            exec:
              command: ["/bin/sh", "-c", "pg_isready -U \"$POSTGRESQL_USERNAME\" -d \"$POSTGRESQL_DATABASE\" -h 127.0.0.1 -p {{ $root.Values.port }}"]
            initialDelaySeconds: 5
            periodSeconds: 10
          livenessProbe:
            exec:
              command: ["/bin/sh", "-c", "pg_isready -U \"$POSTGRESQL_USERNAME\" -h 127.0.0.1 -p {{ $root.Values.port }}"]
            initialDelaySeconds: 30
            periodSeconds: 10
          resources:
            {{- toYaml .resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
          volumeMounts:
            - name: data
              mountPath: /bitnami/postgresql
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        {{- with .persistence.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ .persistence.size }}
{{- end }}
